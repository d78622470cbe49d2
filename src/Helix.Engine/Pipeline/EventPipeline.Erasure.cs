using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Erasure;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Pipeline;

/// <summary>
/// Erase operations: the person leaves the graph and the facts, one commit drops every row of theirs and keeps
/// their identifiers' digests, then their records in the log become tombstones. A crash between the commit and
/// the redaction leaves the redaction pending in the store; <see cref="LoadAsync"/> finishes it at the next start.
/// </summary>
public sealed partial class EventPipeline
{
    private long _suppressed;

    // Suppressed messages wait in the store for their redaction; the last one ran at this tick count.
    private bool _suppressedPending = true;
    private long _suppressedRedactedAt = long.MinValue;

    /// <summary>Messages dropped because they carry an erased person's identifier.</summary>
    public long SuppressedDropped => Interlocked.Read(ref _suppressed);

    private async Task ProcessErasureAsync(IdentityOperation operation, long position, CancellationToken cancellationToken)
    {
        var workspace = operation.WorkspaceId;
        var (erased, digests, rejection) = _graph.Erase(operation);
        PersonErasure? erasure = null;
        if (erased is not null)
        {
            var positions = await _store.EventPositionsAsync(workspace, [erased.Id], cancellationToken);
            _facts.Forget(workspace, erased.Id);
            erasure = new PersonErasure(
                operation.OperationId, workspace, erased.Id, position, operation.RequestedAt, operation.RequestedBy, operation.Reason,
                digests, erased.Identifiers, positions);
        }

        LogOperation(operation.OperationId, operation.Kind, rejection ?? "applied", erased is null ? 0 : 1, 0);
        // The journal keeps the operation, not the person: its outlines would list the erased identifiers.
        var outcome = new IdentityOperationOutcome(operation, position, rejection, [], []);
        // Whoever waits for the erasure is released only once the log is redacted too.
        await CommitAsync(
            new PipelineCommit(position + 1, [], [], _graph.TakeChanged()) { Operations = [outcome], Facts = TakeFacts(), Erasure = erasure },
            cancellationToken,
            erasure is null ? null : () => RedactAsync(erasure.WorkspaceId, erasure.ErasureId, erasure.Positions, cancellationToken));
    }

    /// <summary>Finishes redactions a crash interrupted, and those of suppressed messages.</summary>
    private async Task RedactPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var (workspace, erasureId, positions) in await _store.PendingRedactionsAsync(cancellationToken))
        {
            await RedactAsync(workspace, erasureId, positions, cancellationToken);
        }

        await RedactSuppressedAsync(force: true, cancellationToken);
    }

    /// <summary>Redacts the suppressed messages the store holds, at most once per interval unless forced.</summary>
    private async Task RedactSuppressedAsync(bool force, CancellationToken cancellationToken)
    {
        _suppressedPending = true;
        if (!force && Environment.TickCount64 - _suppressedRedactedAt < (long)_options.SuppressedRedactionInterval.TotalMilliseconds)
        {
            return;
        }

        var positions = await _store.SuppressedRecordsAsync(cancellationToken);
        if (positions.Count > 0)
        {
            _log.Redact(positions, _ => ErasedRecord.Tombstone);
            await _store.ForgetSuppressedRecordsAsync(positions, cancellationToken);
        }

        _suppressedRedactedAt = Environment.TickCount64;
        _suppressedPending = false;
    }

    private async Task RedactAsync(Core.Workspaces.WorkspaceId workspace, string erasureId, IReadOnlyList<long> positions, CancellationToken cancellationToken)
    {
        // Redacting a tombstone changes nothing, so a repeated redaction after a crash counts only what it changed;
        // the receipt counts every position, which is what the person had in the log.
        _log.Redact(positions, _ => ErasedRecord.Tombstone);
        await _store.MarkRedactedAsync(workspace, erasureId, positions.Count, cancellationToken);
        LogRedacted(erasureId, positions.Count);
    }

    /// <summary>Drops a message that carries an erased person's identifier; true when it did.</summary>
    private bool Suppress(Core.Collect.CollectedMessage message)
    {
        if (!_graph.IsSuppressed(message))
        {
            return false;
        }

        Interlocked.Increment(ref _suppressed);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId}: {Records} event-log record(s) are tombstones now")]
    private partial void LogRedacted(string erasureId, int records);
}
