using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Engine.Pipeline;

/// <summary>
/// What-if: replays a workspace's log in memory under proposed identity rules, as if they had applied
/// from the start, and compares the persons it forms with the persons stored now. Nothing is written.
/// Separate and detach operations in force hold for the whole replay (they are not re-timed); every merge
/// operation that was not reverted applies at its place in the log, if the proposed rules allow it — as in
/// <c>helix identity rebuild --rules-from-start</c>, whether or not it applied at the time.
/// </summary>
public sealed class IdentitySimulator(EventLog.EventLog log, PipelineOptions options)
{
    private const int ReadBatch = 10_000;

    /// <param name="stored">Each stored event's log position and person now (the store's events of the workspace).</param>
    /// <param name="operations">The workspace's journal: its separations in force, its merges and its reverts.</param>
    /// <param name="until">Replay the log up to here: the checkpoint the stored persons reflect.</param>
    public IdentitySimulation Run(
        WorkspaceId workspace, IdentityRules proposed, IReadOnlyList<IdentityOperationOutcome> operations, IReadOnlyDictionary<long, PersonId> stored, long until, int examples = 10)
    {
        var journal = operations.Where(o => o.Operation.WorkspaceId == workspace).ToList();
        var reverted = journal.Where(o => o.Operation.Kind == IdentityOperationKind.Revert && o.Applied).Select(o => o.Operation.Reverts).ToHashSet(StringComparer.Ordinal);
        var separations = journal.Where(o => o.Applied && o.Operation.Kind is IdentityOperationKind.Separate or IdentityOperationKind.Detach
            && !reverted.Contains(o.Operation.OperationId));
        var graph = ProfileGraph.FromSnapshots([], operations: separations.Select(o => new ActiveIdentityOperation(o.Operation, [], o.Position)));
        var joins = journal.Where(o => o.Operation.Kind == IdentityOperationKind.Merge && !reverted.Contains(o.Operation.OperationId))
            .ToDictionary(o => o.Position, o => o.Operation);
        graph.SetRules(workspace, proposed);
        var dedupe = new MessageDedupe(options.DedupeWindow);
        var owners = new Dictionary<long, PersonId>();
        var merges = new List<PersonMerge>();
        for (var position = 0L; position < until;)
        {
            var records = log.Read(new EventLog.LogPosition(position), (int)Math.Min(ReadBatch, until - position));
            foreach (var record in records)
            {
                if (IdentityOperationCodec.IsOperation(record.Payload.Span))
                {
                    if (joins.TryGetValue(record.Position.Value, out var join))
                    {
                        merges.AddRange(graph.Plan(join, record.Position.Value).Merges);
                    }

                    continue;
                }

                // Definitions, list imports and tag decisions share the log; they move no identifiers. Nor do erased records.
                if (FactRecordCodec.IsFactRecord(record.Payload.Span) || ErasedRecord.Is(record.Payload.Span))
                {
                    continue;
                }

                var message = CollectedMessageCodec.Decode(record.Payload.Span);
                if (message.WorkspaceId == workspace && dedupe.TryAdd(new RecentMessage(workspace, message.MessageId, message.ReceivedAt)))
                {
                    owners[record.Position.Value] = graph.Apply(message, record.Position.Value, merges);
                }
            }

            position = records[^1].Position.Value + 1;
        }

        var chains = new MergeChains(merges);
        return IdentitySimulation.Compare(
            [.. owners.Where(o => stored.ContainsKey(o.Key)).Select(o => (stored[o.Key], chains.Final(workspace, o.Value)))], examples);
    }
}
