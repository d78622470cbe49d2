using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Runtime;

/// <summary>A live or paused journey's current version, as stored.</summary>
public sealed record StoredJourney(WorkspaceId Workspace, string Name, JourneyStatus Status, int Version);

/// <summary>One action in the outbox as an operator sees it.</summary>
public sealed record OutboxRow(
    string Key, PersonId Person, string Step, string Connector, string Status, int Attempts, DateTimeOffset DueAt, string? LastError, DateTimeOffset UpdatedAt);

/// <summary>A run of a scheduled or anniversary journey at <see cref="At"/>.</summary>
public sealed record JourneyRun(WorkspaceId Workspace, string Journey, DateTimeOffset At);

/// <summary>An entry asked through the API, waiting for the runtime's next round.</summary>
public sealed record EntryRequest(WorkspaceId Workspace, string Journey, PersonId Person, string RequestId, DateTimeOffset At);

/// <summary>
/// What one round reads, in one snapshot: due timers, then inputs in order (stored events after the events cursor,
/// segment changes not yet acted on, API entry requests), and the state of every person they involve.
/// </summary>
public sealed record JourneyRound(
    long EventsCursor,
    long SegmentsCursor,
    long NextEventsCursor,
    long NextSegmentsCursor,
    IReadOnlyList<JourneyMember> Due,
    IReadOnlyList<JourneyInput> Inputs,
    IReadOnlyList<EntryRequest> Requests,
    IReadOnlyList<JourneyMember> Members,
    IReadOnlyDictionary<(WorkspaceId, string, PersonId), LastEntry> Entries)
{
    public bool IsEmpty => Due.Count == 0 && Inputs.Count == 0 && Requests.Count == 0;

    /// <summary>Nothing to act on and no cursor to move: committing it would write nothing new.</summary>
    public bool ChangesNothing => IsEmpty && NextEventsCursor == EventsCursor && NextSegmentsCursor == SegmentsCursor;
}

/// <summary>The runtime's state: rounds read and committed whole (changes, outbox and cursors in one transaction).</summary>
public interface IJourneyRuntimeStore
{
    Task<IReadOnlyList<StoredJourney>> RunningJourneysAsync(CancellationToken cancellationToken = default);

    Task<string?> JourneyDefinitionAsync(WorkspaceId workspace, string name, int version, CancellationToken cancellationToken = default);

    /// <param name="segments">The segments some running journey enters on: changes of others are skipped.</param>
    /// <param name="unreadable">Journey versions whose members cannot move (missing, or no longer parse): their timers are not read.</param>
    /// <param name="limit">At most this many events, timers and segment changes each.</param>
    Task<JourneyRound> ReadRoundAsync(
        IReadOnlyCollection<StoredJourney> running, IReadOnlySet<(WorkspaceId, string)> segments, IReadOnlyCollection<(WorkspaceId Workspace, string Name, int Version)> unreadable,
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task CommitRoundAsync(JourneyRound round, JourneyChanges changes, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<JourneyStatistics> JourneyStatisticsAsync(WorkspaceId workspace, string journey, CancellationToken cancellationToken = default);

    /// <summary>The journey's outbox rows in <paramref name="status"/> (e.g. <c>dead</c>: the dead-letter list), newest first.</summary>
    Task<IReadOnlyList<OutboxRow>> OutboxAsync(WorkspaceId workspace, string journey, string status, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores entry requests (acknowledged once stored): a request id queued or already acted on is not queued again.
    /// With <paramref name="run"/>, also records that run of a scheduled or anniversary journey, in the same transaction.
    /// </summary>
    Task RequestEntriesAsync(IReadOnlyList<EntryRequest> requests, JourneyRun? run, CancellationToken cancellationToken = default);

    /// <summary>When the journey's schedule or anniversary last ran; null before its first run.</summary>
    Task<DateTimeOffset?> LastRunAsync(WorkspaceId workspace, string journey, CancellationToken cancellationToken = default);

    /// <summary>Persons whose date trait falls on one of the month-days (<c>MM-dd</c>), by the trait's stored date.</summary>
    Task<IReadOnlyList<PersonId>> PersonsByMonthDayAsync(WorkspaceId workspace, string trait, IReadOnlyList<string> monthDays, CancellationToken cancellationToken = default);
}
