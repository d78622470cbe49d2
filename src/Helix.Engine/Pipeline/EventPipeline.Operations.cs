using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;

namespace Helix.Engine.Pipeline;

/// <summary>Identity operations (unmerge, merge, rules): each is a log record applied alone, in its own commit.</summary>
public sealed partial class EventPipeline
{
    private async Task ProcessOperationAsync(EventLog.LogRecord record, CancellationToken cancellationToken)
    {
        var operation = IdentityOperationCodec.Decode(record.Payload.Span);
        var position = record.Position.Value;
        var plan = _graph.Plan(operation, position);
        var merges = new List<PersonMerge>(plan.Merges);
        PersonRefold? refold = null;
        IReadOnlyList<PersonOutline> after = [];
        if (plan.Joined is { } joined)
        {
            after = [joined];
        }
        else if (plan.Rejection is null && plan.Persons.Count > 0)
        {
            var workspace = operation.WorkspaceId;
            var persons = plan.Persons.Select(p => p.Id).ToList();
            var positions = await _store.EventPositionsAsync(workspace, persons, cancellationToken);
            var owners = _graph.Refold(workspace, persons, ReadMessages(positions), merges);
            var chains = new MergeChains(merges);
            var events = owners.Select(o => (o.Position, chains.Final(workspace, o.Person))).ToList();
            refold = new PersonRefold(workspace, persons, events);
            after = [.. events.Select(e => e.Item2).Distinct().Select(id => _graph.Outline(workspace, id)!)];
        }

        LogOperation(operation.OperationId, operation.Kind, plan.Rejection ?? "applied", plan.Persons.Count, after.Count);
        var outcome = new IdentityOperationOutcome(operation, position, plan.Rejection, plan.Persons, after);
        await CommitAsync(new PipelineCommit(position + 1, merges, [], _graph.TakeChanged()) { Operation = outcome, Refold = refold }, cancellationToken);
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
            foreach (var record in records)
            {
                messages.Add((record.Position.Value, CollectedMessageCodec.Decode(record.Payload.Span)));
            }

            i += records.Count;
        }

        return messages;
    }
}
