using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;

namespace Helix.Core.Pipeline;

/// <summary>What the pipeline needs to resume after a restart.</summary>
/// <param name="Checkpoint">The first log position not yet applied.</param>
/// <param name="RecentMessages">Message ids received within the dedupe window, oldest first.</param>
public sealed record PipelineSnapshot(
    long Checkpoint,
    IReadOnlyList<PersonSnapshot> Persons,
    IReadOnlyList<RecentMessage> RecentMessages)
{
    /// <summary>The separate and detach operations in force.</summary>
    public IReadOnlyList<ActiveIdentityOperation> Operations { get; init; } = [];

    /// <summary>Each workspace's identity rules spec (JSON) in force; absent for the built-in rules.</summary>
    public IReadOnlyDictionary<Workspaces.WorkspaceId, string> Rules { get; init; } = new Dictionary<Workspaces.WorkspaceId, string>();

    /// <summary>Each workspace's profile definitions in force: version and JSON.</summary>
    public IReadOnlyDictionary<Workspaces.WorkspaceId, (int Version, string Json)> Definitions { get; init; } = new Dictionary<Workspaces.WorkspaceId, (int, string)>();

    /// <summary>The members of imported list tags.</summary>
    public IReadOnlyList<(Workspaces.WorkspaceId Workspace, string Tag, Identity.Identifier Identifier)> ListMembers { get; init; } = [];

    /// <summary>Every person's stored facts (computed trait states, model tags, tags).</summary>
    public IReadOnlyList<Profiles.Facts.PersonFactsSnapshot> Facts { get; init; } = [];

    /// <summary>The digests of erased persons' identifiers.</summary>
    public IReadOnlyList<(Workspaces.WorkspaceId Workspace, string Digest)> Suppressed { get; init; } = [];
}
