using Helix.Core.Audiences;
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

    // Rounds never overlap: two would read the same inputs and both act on them.
    private readonly SemaphoreSlim _round = new(1, 1);

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

        var segments = running.Where(j => j.Definition.Entry is SegmentEntry).Select(j => (j.Workspace, ((SegmentEntry)j.Definition.Entry).Segment)).ToHashSet();
        var round = await store.ReadRoundAsync(stored, segments, now, RoundSize, cancellationToken);
        var version = await catalog.LoadAsync(round.Due.Concat(round.Members).Select(m => (m.Workspace, m.Journey, m.Version)), cancellationToken);
        var facts = new Dictionary<WorkspaceId, ProfileDefinitions>();
        foreach (var workspace in running.Select(j => j.Workspace).Distinct())
        {
            facts[workspace] = await definitions.CurrentAsync(workspace, cancellationToken);
        }

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
            tick.Apply(new ApiInput(request.Workspace, request.Person, request.Journey, request.At, $"api:{request.RequestId}"));
        }

        await store.CommitRoundAsync(round, tick.Changes, now, cancellationToken);
        if (tick.Changes.Outbox.Count > 0)
        {
            signals.OutboxFilled();
        }

        return round.Due.Count == RoundSize || round.Inputs.Count >= RoundSize || round.Requests.Count == RoundSize;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A journey round failed; it will be retried")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
