using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences.Segments;

/// <summary>Saved segments' members and their entries and exits.</summary>
public interface ISegmentStore
{
    /// <summary>Members in person id order after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SegmentMember>> SegmentMembersAsync(WorkspaceId workspace, string segment, int limit, PersonId? after, CancellationToken cancellationToken = default);

    /// <summary>The segments one person is in, by name, and since when.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset?>> PersonSegmentsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>How many members each segment has.</summary>
    Task<IReadOnlyDictionary<string, long>> CountSegmentMembersAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>Entries and exits, newest first; of one segment and/or one person when given.</summary>
    Task<IReadOnlyList<SegmentHistoryEntry>> SegmentHistoryAsync(
        WorkspaceId workspace, string? segment, PersonId? person, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="members"/> the whole membership of a (scheduled) segment in one transaction: persons
    /// newly in enter, persons no longer in exit, each recorded in the history with <paramref name="reason"/>.
    /// </summary>
    /// <param name="exceptRefusals">
    /// Leave out persons refusing profiling as of this write (a recompute's result: one who refused while it was being
    /// computed must not come back); false for static lists, which are kept as given.
    /// </param>
    /// <returns>How many entered and how many exited.</returns>
    Task<(int Entered, int Exited)> ReplaceSegmentMembersAsync(
        WorkspaceId workspace, string segment, IReadOnlyCollection<PersonId> members, DateTimeOffset at, string reason, bool exceptRefusals = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the person to a static segment or removes them (a journey's action), recorded in the history with
    /// <paramref name="reason"/> when it changes anything; doing it again changes nothing. Returns whether it changed.
    /// </summary>
    Task<bool> ChangeSegmentMemberAsync(
        WorkspaceId workspace, string segment, PersonId person, bool add, DateTimeOffset at, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Scheduled segments' recomputes.</summary>
public interface ISegmentRunStore
{
    Task SaveSegmentRunAsync(WorkspaceId workspace, SegmentRun run, CancellationToken cancellationToken = default);

    /// <summary>Runs newest first; of one segment when given.</summary>
    Task<IReadOnlyList<SegmentRun>> ListSegmentRunsAsync(WorkspaceId workspace, string? segment, int limit, CancellationToken cancellationToken = default);
}

/// <summary>One member of a segment and since when.</summary>
public sealed record SegmentMember(PersonId Person, DateTimeOffset? Since);
