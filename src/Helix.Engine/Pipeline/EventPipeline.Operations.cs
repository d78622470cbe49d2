using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;

namespace Helix.Engine.Pipeline;

/// <summary>
/// Identity operations (unmerge, merge, rules): log records applied in their own commit. A split reads
/// its persons' events back and commits alone; a run of consecutive merges (a matching run writes
/// hundreds) commits together, because a merge needs no events read.
/// </summary>
public sealed partial class EventPipeline
{
    /// <param name="records">Starts with an operation.</param>
    /// <returns>How many records were applied.</returns>
    private async Task<int> ProcessOperationsAsync(IReadOnlyList<EventLog.LogRecord> records, CancellationToken cancellationToken)
    {
        var first = IdentityOperationCodec.Decode(records[0].Payload.Span);
        if (first.Kind == IdentityOperationKind.Erase)
        {
            await ProcessErasureAsync(first, records[0].Position.Value, cancellationToken);
            return 1;
        }

        if (first.Kind != IdentityOperationKind.Merge)
        {
            await ProcessOperationAsync(first, records[0].Position.Value, cancellationToken);
            return 1;
        }

        var merges = new List<PersonMerge>();
        var outcomes = new List<IdentityOperationOutcome>();
        var operation = first;
        foreach (var record in records)
        {
            if (outcomes.Count > 0)
            {
                if (!IdentityOperationCodec.IsOperation(record.Payload.Span)
                    || IdentityOperationCodec.Decode(record.Payload.Span) is not { Kind: IdentityOperationKind.Merge } next)
                {
                    break;
                }

                operation = next;
            }

            var position = record.Position.Value;
            var plan = _graph.Plan(operation, position);
            merges.AddRange(plan.Merges);
            EvaluateAfter(operation, position, plan.Merges);
            LogOperation(operation.OperationId, operation.Kind, plan.Rejection ?? "applied", plan.Persons.Count, plan.Joined is null ? 0 : 1);
            outcomes.Add(new IdentityOperationOutcome(operation, position, plan.Rejection, plan.Persons, plan.Joined is { } joined ? [joined] : []));
        }

        var checkpoint = outcomes[^1].Position + 1;
        await CommitAsync(new PipelineCommit(checkpoint, merges, [], _graph.TakeChanged()) { Operations = outcomes, Facts = TakeFacts() }, cancellationToken);
        return outcomes.Count;
    }

    /// <summary>A split, revert or rules change: the persons it touches are resolved again from their events.</summary>
    private async Task ProcessOperationAsync(IdentityOperation operation, long position, CancellationToken cancellationToken)
    {
        var plan = _graph.Plan(operation, position);
        var merges = new List<PersonMerge>();
        PersonRefold? refold = null;
        IReadOnlyList<PersonOutline> after = [];
        if (plan.Rejection is null && plan.Persons.Count > 0)
        {
            var workspace = operation.WorkspaceId;
            var persons = plan.Persons.Select(p => p.Id).ToList();
            var positions = await _store.EventPositionsAsync(workspace, persons, cancellationToken);
            var messages = ReadMessages(positions);
            var owners = _graph.Refold(workspace, persons, messages, merges);
            var chains = new MergeChains(merges);
            var events = owners.Select(o => (o.Position, chains.Final(workspace, o.Person))).ToList();
            refold = new PersonRefold(workspace, persons, events);
            after = [.. events.Select(e => e.Item2).Distinct().Select(id => _graph.Outline(workspace, id)!)];
            // Rebuilt facts first (into the final owners), then the other persons the refold merged with hand theirs over.
            _facts.Refold(workspace, persons, [.. events.Select((e, i) => (e.Item2, messages[i].Message, e.Position))]);
            merges.ForEach(_facts.Merge);
            _facts.EvaluatePersons(workspace, after.Select(p => p.Id), operation.RequestedAt, position, $"identity operation {operation.OperationId}");
        }
        else
        {
            EvaluateAfter(operation, position, plan.Merges);
        }

        LogOperation(operation.OperationId, operation.Kind, plan.Rejection ?? "applied", plan.Persons.Count, after.Count);
        var outcome = new IdentityOperationOutcome(operation, position, plan.Rejection, plan.Persons, after);
        await CommitAsync(new PipelineCommit(position + 1, merges, [], _graph.TakeChanged()) { Operations = [outcome], Refold = refold, Facts = TakeFacts() }, cancellationToken);
    }

    /// <summary>Merges an operation made: the survivors take the merged persons' facts and are evaluated.</summary>
    private void EvaluateAfter(IdentityOperation operation, long position, IReadOnlyList<PersonMerge> merges)
    {
        foreach (var merge in merges)
        {
            _facts.Merge(merge);
        }

        _facts.EvaluatePersons(operation.WorkspaceId, merges.Select(m => m.Survivor), operation.RequestedAt, position, $"identity operation {operation.OperationId}");
    }

    /// <summary>The messages at <paramref name="positions"/> (ascending), reading runs of neighbours together.</summary>
    private List<(long Position, CollectedMessage Message)> ReadMessages(IReadOnlyList<long> positions)
    {
        var messages = new List<(long, CollectedMessage)>(positions.Count);
        var i = 0;
        while (i < positions.Count)
        {
            var run = 1;
            while (i + run < positions.Count && positions[i + run] == positions[i] + run)
            {
                run++;
            }

            var records = _log.Read(new EventLog.LogPosition(positions[i]), run);
            foreach (var record in records.Where(r => !ErasedRecord.Is(r.Payload.Span)))
            {
                messages.Add((record.Position.Value, CollectedMessageCodec.Decode(record.Payload.Span)));
            }

            i += records.Count;
        }

        return messages;
    }
}
