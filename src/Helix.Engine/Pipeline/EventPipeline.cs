using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Pipeline;

/// <summary>
/// Reads the event log from the store's checkpoint in micro-batches: dedupe by message id → resolve
/// the person → fold the profile → one store transaction with the checkpoint. A crash between the
/// store commit and anything else repeats nothing: the next start resumes from the committed
/// checkpoint with the state committed with it.
/// </summary>
public sealed partial class EventPipeline
{
    private readonly EventLog.EventLog _log;
    private readonly IPipelineStore _store;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _waitersLock = new();
    private readonly List<(long Position, TaskCompletionSource Done)> _waiters = [];
    private ProfileGraph _graph = new();
    private FactBook _facts;
    private MessageDedupe _dedupe;
    private long _checkpoint;
    private long _duplicates;

    public EventPipeline(EventLog.EventLog log, IPipelineStore store, PipelineOptions options, ILogger<EventPipeline> logger)
    {
        _log = log;
        _store = store;
        _options = options;
        _logger = logger;
        _dedupe = new MessageDedupe(options.DedupeWindow);
        _facts = new FactBook(_graph);
    }

    public long Checkpoint => Volatile.Read(ref _checkpoint);

    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    public int PersonCount => _graph.PersonCount;

    /// <summary>Loads the state committed with the last checkpoint. Call before the first batch and after any failed commit.</summary>
    /// <exception cref="InvalidDataException">The store has applied more of the log than the log holds: the log was replaced or truncated.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _store.LoadAsync(_options.DedupeWindow, cancellationToken);
        if (snapshot.Checkpoint > _log.End.Value)
        {
            throw new InvalidDataException(
                $"The store has applied the event log up to position {snapshot.Checkpoint}, but the log ends at {_log.End.Value}: " +
                "the log was replaced or truncated. Restore the log, or rebuild the store from it with `helix identity rebuild`.");
        }

        var rules = snapshot.Rules.ToDictionary(r => r.Key, r => IdentityRulesSpec.FromStored(r.Value));
        _graph = ProfileGraph.FromSnapshots(snapshot.Persons, operations: snapshot.Operations, workspaceRules: rules);
        var suppressions = new Suppressions(_options.IdentifierDigestKey is { } key ? new IdentifierDigest(key) : null);
        foreach (var group in snapshot.Suppressed.GroupBy(s => s.Workspace))
        {
            suppressions.Load(group.Key, group.Select(s => s.Digest));
        }

        _graph.UseSuppressions(suppressions);
        _facts = new FactBook(_graph);
        _facts.Load(
            snapshot.Definitions.ToDictionary(d => d.Key, d => ProfileDefinitions.FromStored(d.Value.Json, d.Value.Version)),
            snapshot.ListMembers,
            snapshot.Facts);
        _dedupe = new MessageDedupe(_options.DedupeWindow);
        foreach (var recent in snapshot.RecentMessages)
        {
            _dedupe.TryAdd(recent);
        }

        foreach (var (workspace, pinned) in _options.RulesFromStart ?? new Dictionary<WorkspaceId, IdentityRules>())
        {
            _graph.PinRules(workspace, pinned);
        }

        // Redactions a crash or a shutdown left pending finish before the checkpoint is published: whoever waits for it
        // (a flush) then finds the log redacted, even when no new event arrives to commit and release them.
        await RedactPendingAsync(cancellationToken);
        Volatile.Write(ref _checkpoint, snapshot.Checkpoint);
        ReleaseWaiters(snapshot.Checkpoint);
        LogLoaded(snapshot.Checkpoint, snapshot.Persons.Count, snapshot.RecentMessages.Count);
    }

    /// <summary>Applies the next micro-batch, if any. Returns the number of log records it covered.</summary>
    /// <exception cref="FormatException">A record could not be decoded; the pipeline must stop rather than skip it.</exception>
    public async Task<int> ProcessNextBatchAsync(CancellationToken cancellationToken)
    {
        var records = _log.Read(new EventLog.LogPosition(_checkpoint), _options.BatchSize);
        if (records.Count == 0)
        {
            return 0;
        }

        if (IdentityOperationCodec.IsOperation(records[0].Payload.Span))
        {
            return await ProcessOperationsAsync(records, cancellationToken);
        }

        if (FactRecordCodec.IsFactRecord(records[0].Payload.Span))
        {
            await ProcessFactRecordAsync(FactRecordCodec.Decode(records[0].Payload.Span), records[0].Position.Value, cancellationToken);
            return 1;
        }

        var merges = new List<PersonMerge>();
        var events = new List<StoredEvent>(records.Count);
        var suppressed = new List<long>();
        var next = records[0].Position.Value;
        foreach (var record in records)
        {
            if (IdentityOperationCodec.IsOperation(record.Payload.Span) || FactRecordCodec.IsFactRecord(record.Payload.Span))
            {
                // An operation or fact record sees every event before it committed: it reads events from the store.
                break;
            }

            next = record.Position.Value + 1;
            if (ErasedRecord.Is(record.Payload.Span))
            {
                continue;
            }

            var message = CollectedMessageCodec.Decode(record.Payload.Span);
            if (Suppress(message))
            {
                suppressed.Add(record.Position.Value);
                continue;
            }

            if (!_dedupe.TryAdd(new RecentMessage(message.WorkspaceId, message.MessageId, message.ReceivedAt)))
            {
                Interlocked.Increment(ref _duplicates);
                continue;
            }

            var mergesBefore = merges.Count;
            var person = _graph.Apply(message, record.Position.Value, merges);
            for (var i = mergesBefore; i < merges.Count; i++)
            {
                _facts.Merge(merges[i]);
            }

            _facts.Observe(message, person, record.Position.Value);
            events.Add(new StoredEvent(record.Position.Value, message, person));
        }

        await CommitAsync(
            new PipelineCommit(next, merges, ToSurvivors(events, merges), _graph.TakeChanged()) { Facts = TakeFacts(), Suppressed = suppressed },
            cancellationToken,
            suppressed.Count > 0 || _suppressedPending ? () => RedactSuppressedAsync(force: false, cancellationToken) : null);
        return (int)(next - records[0].Position.Value);
    }

    /// <summary>The facts changed since the last commit; null when nothing changed.</summary>
    private FactsCommit? TakeFacts((FactRecord, long)? record = null)
    {
        var (changed, removed) = _facts.TakeChanged();
        var facts = new FactsCommit(changed, removed, _facts.TakeHistory(), record) { Segments = _facts.TakeSegmentHistory(), ScheduledExits = _facts.TakeScheduledExits() };
        return facts.IsEmpty ? null : facts;
    }

    /// <param name="afterStore">Runs once the store has the commit, before anyone waiting for the checkpoint is released.</param>
    private async Task CommitAsync(PipelineCommit commit, CancellationToken cancellationToken, Func<Task>? afterStore = null)
    {
        await _store.CommitAsync(commit, cancellationToken);
        if (afterStore is not null)
        {
            await afterStore();
        }

        LogQuarantines();
        Volatile.Write(ref _checkpoint, commit.Checkpoint);
        ReleaseWaiters(commit.Checkpoint);
    }

    /// <summary>Completes when everything before <paramref name="position"/> is applied and committed.</summary>
    public Task WaitForCheckpointAsync(long position, CancellationToken cancellationToken)
    {
        lock (_waitersLock)
        {
            if (Checkpoint >= position)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((position, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// An event applied early in a batch may belong to a person merged away later in the same batch.
    /// The store repoints rows it already holds; this gives the batch's own rows their final person.
    /// </summary>
    private static List<StoredEvent> ToSurvivors(List<StoredEvent> events, List<PersonMerge> merges)
    {
        if (merges.Count == 0)
        {
            return events;
        }

        var chains = new MergeChains(merges);
        return events.ConvertAll(e => e with { PersonId = chains.Final(e.Message.WorkspaceId, e.PersonId) });
    }

    private void ReleaseWaiters(long checkpoint)
    {
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Position <= checkpoint)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
