using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// A change to what Helix derives on profiles (computed traits, tags), written to the event log like an
/// identity operation, so that a replay derives exactly the same tags at the same places in history.
/// </summary>
/// <param name="Id">Unique per workspace: <c>defs_…</c>, <c>list_…</c>, <c>model_…</c>.</param>
public sealed record FactRecord(string Id, WorkspaceId WorkspaceId, FactRecordKind Kind, string RequestedBy, DateTimeOffset RequestedAt)
{
    /// <summary>Definitions: the version number, counting from 1 per workspace.</summary>
    public int Version { get; init; }

    /// <summary>Definitions: the whole live set as JSON, <c>{"computedTraits": […], "categories": […], "tags": […]}</c>.</summary>
    public string? Definitions { get; init; }

    /// <summary>TagList and ModelTags: the tag.</summary>
    public string? Tag { get; init; }

    /// <summary>TagList: the identifiers (normalised) that carry the tag.</summary>
    public IReadOnlyList<Identifier> Identifiers { get; init; } = [];

    /// <summary>TagList: replace the list's members instead of adding to them. ModelTags: persons not assigned lose the tag.</summary>
    public bool Replace { get; init; }

    /// <summary>ModelTags: each person's value. A person merged away since the model ran is skipped; the next run covers the survivor.</summary>
    public IReadOnlyList<ModelTagAssignment> Assignments { get; init; } = [];
}

/// <summary>One person's value of a model tag.</summary>
public readonly record struct ModelTagAssignment(PersonId Person, string Value);
