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
}
