using Helix.Core.Collect;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;

namespace Helix.Engine.Pipeline;

/// <summary>
/// Fact records (definitions versions, list imports, model runs) applied at their place in the log,
/// each in its own commit, and the sweep that re-evaluates tags when a window moves.
/// </summary>
public sealed partial class EventPipeline
{
    private async Task ProcessFactRecordAsync(FactRecord record, long position, CancellationToken cancellationToken)
    {
        switch (record.Kind)
        {
            case FactRecordKind.Definitions:
                var definitions = ProfileDefinitions.FromStored(record.Definitions ?? "{}", record.Version);
                var events = await _store.WorkspaceEventsAsync(record.WorkspaceId, cancellationToken);
                _facts.Define(record.WorkspaceId, definitions, () => History(events), position, record.RequestedAt);
                break;
            case FactRecordKind.TagList:
                _facts.AddList(record, position);
                break;
            case FactRecordKind.ModelTags:
                _facts.AssignModel(record, position);
                break;
        }

        LogFactRecord(record.Id, record.Kind, record.WorkspaceId.Value);
        await CommitAsync(new PipelineCommit(position + 1, [], [], _graph.TakeChanged()) { Facts = TakeFacts((record, position)) }, cancellationToken);
    }

    /// <summary>Re-evaluates tags whose windowed computed traits moved by <paramref name="now"/>; commits what changed. Call from the pipeline's thread.</summary>
    /// <returns>How many persons were evaluated.</returns>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var evaluated = _facts.Sweep(now, Checkpoint);
        if (TakeFacts() is { } facts)
        {
            await _store.CommitAsync(new PipelineCommit(Checkpoint, [], [], []) { Facts = facts }, cancellationToken);
        }

        // An idle pipeline still owes the redaction of suppressed messages its last batches dropped.
        if (_suppressedPending)
        {
            await RedactSuppressedAsync(force: false, cancellationToken);
        }

        return evaluated;
    }

    /// <summary>The workspace's stored events, read back from the log, each with its person now.</summary>
    private IEnumerable<(PersonId, CollectedMessage)> History(IReadOnlyList<(long Position, PersonId Person)> events)
    {
        const int Chunk = 10_000;
        for (var start = 0; start < events.Count; start += Chunk)
        {
            var slice = events.Skip(start).Take(Chunk).ToList();
            var messages = ReadMessages([.. slice.Select(e => e.Position)]);
            for (var i = 0; i < slice.Count; i++)
            {
                yield return (slice[i].Person, messages[i].Message);
            }
        }
    }
}
