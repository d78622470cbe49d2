using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Retention;

/// <summary>One enforcement of a workspace's retention policies: what each policy removed.</summary>
/// <param name="Trigger"><c>schedule</c> or <c>api</c>.</param>
public sealed record RetentionRun(
    string RunId, WorkspaceId Workspace, string Trigger, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    IReadOnlyList<RetentionRunPolicy> Policies)
{
    public long Removed => Policies.Sum(p => p.Removed);
}

/// <param name="Removed">Events removed from the store, each with its log record made a tombstone.</param>
public sealed record RetentionRunPolicy(string Policy, int Days, DateTimeOffset Cutoff, long Removed);

/// <summary>A workspace's retention policies as last set; no policies keeps everything.</summary>
public sealed record RetentionSettings(IReadOnlyList<RetentionPolicy> Policies, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    public static readonly RetentionSettings None = new([], null, null);
}
