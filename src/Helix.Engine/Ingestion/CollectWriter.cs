using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles.Facts;

namespace Helix.Engine.Ingestion;

/// <summary>
/// The only way messages (and identity operations) enter Helix: one call is one atomic, durable log append. When the returned
/// task completes the messages are on disk and may be acknowledged; if it throws, nothing of the call
/// is acknowledged (a torn frame is dropped at recovery).
/// </summary>
public sealed class CollectWriter(EventLog.EventLog log)
{
    /// <returns>The log position one past the last message written.</returns>
    public async ValueTask<long> WriteAsync(IReadOnlyList<CollectedMessage> messages, CancellationToken cancellationToken = default)
    {
        var records = new ReadOnlyMemory<byte>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            records[i] = CollectedMessageCodec.Encode(messages[i]);
        }

        var first = await log.AppendAsync(records, cancellationToken);
        return first.Value + records.Length;
    }

    /// <summary>Writes an identity operation; the pipeline applies it at its place in the log.</summary>
    /// <returns>The operation's log position.</returns>
    public ValueTask<long> WriteAsync(IdentityOperation operation, CancellationToken cancellationToken = default) =>
        WriteAsync([operation], cancellationToken);

    /// <summary>Writes identity operations in one append, in order.</summary>
    /// <returns>The first operation's log position.</returns>
    public async ValueTask<long> WriteAsync(IReadOnlyList<IdentityOperation> operations, CancellationToken cancellationToken = default)
    {
        var position = await log.AppendAsync([.. operations.Select(o => (ReadOnlyMemory<byte>)IdentityOperationCodec.Encode(o))], cancellationToken);
        return position.Value;
    }

    /// <summary>Writes a fact record (definitions, list import, model run); the pipeline applies it at its place in the log.</summary>
    /// <returns>The record's log position.</returns>
    public async ValueTask<long> WriteAsync(FactRecord record, CancellationToken cancellationToken = default)
    {
        var position = await log.AppendAsync([FactRecordCodec.Encode(record)], cancellationToken);
        return position.Value;
    }
}
