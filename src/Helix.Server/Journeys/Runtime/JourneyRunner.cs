using Helix.Core.Audiences;
using Helix.Core.Commerce;
using Helix.Core.Profiles;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Engine.Pipeline;
using Helix.Server.Tags;

namespace Helix.Server.Journeys.Runtime;

/// <summary>
/// Runs journeys: each round reads due timers and new inputs in one snapshot, walks the persons with
/// <see cref="JourneyTick"/>, and commits the changes, the outbox and the cursors in one transaction. Timers are
/// stored rows (<c>journey_members.wake_at</c>), so a restart catches up on everything that fell due while Helix was
/// down; the outbox is what <see cref="JourneyDispatcher"/> performs.
/// </summary>
public sealed partial class JourneyRunner(
    IJourneyRuntimeStore store, JourneyCatalog catalog, DefinitionsSubmission definitions, IAudienceQueries audiences, EventPipeline pipeline,
    JourneySignals signals, HelixServerOptions options, ILogger<JourneyRunner> logger) : BackgroundService
{
    /// <summary>Most events, timers and segment changes a round takes of each.</summary>
    public const int RoundSize = 2_000;

    private static readonly TimeSpan IdleCursorInterval = TimeSpan.FromSeconds(5);

    // Rounds never overlap: two would read the same inputs and both act on them.
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly System.Diagnostics.Stopwatch _idleSince = System.Diagnostics.Stopwatch.StartNew();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                full = await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The round committed nothing; the next one reads the same inputs again.
                LogRoundFailed(logger, e);
            }

            if (!full)
            {
                await IdleAsync(stoppingToken);
            }
        }
    }

    /// <summary>Until new events are applied, an API entry arrives or the next timer check is due, whichever comes first.</summary>
    private async Task IdleAsync(CancellationToken cancellationToken)
    {
        var seen = pipeline.Checkpoint;
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (idle.Elapsed < options.JourneyRoundInterval && pipeline.Checkpoint == seen && !signals.TakeEntryRequested())
        {
            await Task.Delay(JourneySignals.PollInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One round; true when it was full (more is waiting).</summary>
    public async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            return await RoundAsync(cancellationToken);
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        var stored = await store.RunningJourneysAsync(cancellationToken);
        var running = new List<RunningJourney>();
        foreach (var journey in stored)
        {
            if (await catalog.VersionAsync(journey.Workspace, journey.Name, journey.Version, cancellationToken) is { } definition)
            {
                running.Add(new RunningJourney(journey.Workspace, definition, journey.Version, journey.Status));
            }
        }

        var facts = new Dictionary<WorkspaceId, ProfileDefinitions>();
        foreach (var workspace in running.Select(j => j.Workspace).Distinct())
        {
            facts[workspace] = await definitions.CurrentAsync(workspace, cancellationToken);
        }

        foreach (var journey in running.Where(j => j.Status == JourneyStatus.Live && j.Definition.Entry is ScheduleEntry or AnniversaryEntry))
        {
            await RunScheduleAsync(journey, facts[journey.Workspace], now, cancellationToken);
        }

        var segments = running.Where(j => j.Definition.Entry is SegmentEntry).Select(j => (j.Workspace, ((SegmentEntry)j.Definition.Entry).Segment)).ToHashSet();
        // With no journey running, a round only moves the cursors to the end (going live then acts on what comes next):
        // every few seconds is enough, and an idle server does not write every quarter second.
        if (stored.Count == 0 && _idleSince.Elapsed < IdleCursorInterval)
        {
            return false;
        }

        _idleSince.Restart();
        var round = await store.ReadRoundAsync(stored, segments, catalog.Unreadable, now, RoundSize, cancellationToken);
        if (round.ChangesNothing)
        {
            return false;
        }

        var version = await catalog.LoadAsync(round.Due.Concat(round.Members).Select(m => (m.Workspace, m.Journey, m.Version)), cancellationToken);
        var tick = new JourneyTick(running, version, round.Members, round.Entries,
            (workspace, person) => new JourneyPersonContext(audiences, workspace, person, facts.GetValueOrDefault(workspace) ?? ProfileDefinitions.Empty), now);
        foreach (var member in round.Due)
        {
            tick.Wake(member);
        }

        foreach (var input in round.Inputs)
        {
            tick.Apply(input);
        }

        foreach (var request in round.Requests)
        {
            tick.Apply(new RequestedInput(request.Workspace, request.Person, request.Journey, request.At, request.RequestId));
        }

        await store.CommitRoundAsync(round, tick.Changes, now, cancellationToken);
        if (tick.Changes.Outbox.Count > 0)
        {
            signals.OutboxFilled();
        }

        return round.Due.Count == RoundSize || round.Inputs.Count >= RoundSize || round.Requests.Count == RoundSize;
    }

    /// <summary>
    /// A scheduled or anniversary journey whose run is due queues its audience as entry requests, recording the run in
    /// the same transaction; the round then enters them. Going live only starts the clock: no past run is made up.
    /// </summary>
    private async Task RunScheduleAsync(RunningJourney journey, ProfileDefinitions facts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (workspace, name) = (journey.Workspace, journey.Definition.Name);
        if (await store.LastRunAsync(workspace, name, cancellationToken) is not { } last)
        {
            await store.RequestEntriesAsync([], new JourneyRun(workspace, name, now), cancellationToken);
            return;
        }

        var zone = OrderImportOptions.DefaultTimeZone;
        if (JourneyFireTimes.Due(journey.Definition.Entry, zone, last, now) is not { } due)
        {
            return;
        }

        IReadOnlyList<PersonId> persons;
        try
        {
            persons = journey.Definition.Entry switch
            {
                ScheduleEntry schedule => await audiences.AudienceMembersAsync(workspace, schedule.Audience, facts, due, cancellationToken),
                AnniversaryEntry anniversary => await store.PersonsByMonthDayAsync(workspace, anniversary.Trait, JourneyFireTimes.MonthDays(anniversary, zone, due), cancellationToken),
                _ => [],
            };
        }
        catch (AudienceQueryException e)
        {
            // The audience reads something deleted since the journey was saved: this run enters nobody.
            LogAudienceFailed(logger, name, workspace.Value, e.Message);
            persons = [];
        }

        var run = due.ToUnixTimeSeconds();
        await store.RequestEntriesAsync([.. persons.Select(p => new EntryRequest(workspace, name, p, $"run:{run}:{p.Value}", due))],
            new JourneyRun(workspace, name, due), cancellationToken);
        LogRan(logger, name, workspace.Value, persons.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journey {Journey} of workspace {Workspace} ran on schedule: {Persons} persons asked to enter")]
    private static partial void LogRan(ILogger logger, string journey, string workspace, int persons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journey {Journey} of workspace {Workspace}: its audience cannot be evaluated ({Reason})")]
    private static partial void LogAudienceFailed(ILogger logger, string journey, string workspace, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A journey round failed; it will be retried")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
