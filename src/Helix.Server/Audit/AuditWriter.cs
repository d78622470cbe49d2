using System.Threading.Channels;
using Helix.Core.Audit;
using Helix.Core.Workspaces;

namespace Helix.Server.Audit;

/// <summary>
/// Writes audit records in batches off the request path: requests queue a record in a bounded channel (waiting
/// only when it is full), and one background loop seals them into each workspace's chain and appends each batch
/// in one transaction. Stopping the host drains the queue before the store closes; a crash loses what was queued
/// and not yet written — the entries of the last write's duration, typically well under 200 ms.
/// </summary>
internal sealed partial class AuditWriter(IAuditStore store, AuditChain chain, ILogger<AuditWriter> logger) : IHostedService
{
    public const int Capacity = 10_000;
    public const int MaxBatch = 500;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The last sealed entry of each workspace the loop has written to; only the loop touches it.</summary>
    private readonly Dictionary<WorkspaceId, AuditHead?> _heads = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>Queues a record; does not throw (a record queued after the writer stopped is logged as lost).</summary>
    public async ValueTask RecordAsync(AuditRecord record)
    {
        if (_queue.Writer.TryWrite(new Pending(record, null)))
        {
            return;
        }

        try
        {
            await _queue.Writer.WriteAsync(new Pending(record, null));
        }
        catch (ChannelClosedException)
        {
            LogLost(logger, record.Workspace.Value, record.Action);
        }
    }

    /// <summary>Completes when every record queued before the call is written (or its failure logged).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(null, written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking records and waits for the queued ones to be written (bounded by the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<AuditRecord>(MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (pending.Record is { } record)
                {
                    batch.Add(record);
                }
                else
                {
                    flushes.Add(pending.Flushed!);
                }
            }

            await WriteAsync(batch);
            flushes.ForEach(f => f.TrySetResult());
            batch.Clear();
            flushes.Clear();
        }
    }

    /// <summary>Does not throw: a failed batch is logged as lost, and the heads it would have moved are read again.</summary>
    private async Task WriteAsync(List<AuditRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var heads = new Dictionary<WorkspaceId, AuditHead?>();
        try
        {
            var entries = new List<AuditEntry>(batch.Count);
            foreach (var record in batch)
            {
                if (!heads.TryGetValue(record.Workspace, out var head) && !_heads.TryGetValue(record.Workspace, out head))
                {
                    head = await store.GetAuditHeadAsync(record.Workspace);
                }

                var entry = chain.Seal(record, head);
                entries.Add(entry);
                heads[record.Workspace] = entry.Head;
            }

            await store.AppendAuditAsync(entries);
            foreach (var (workspace, head) in heads)
            {
                _heads[workspace] = head;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var workspace in heads.Keys)
            {
                _heads.Remove(workspace);
            }

            LogBatchFailed(logger, e, batch.Count);
        }
    }

    /// <summary>A record to write, or a flush marker completed once everything before it is written.</summary>
    private readonly record struct Pending(AuditRecord? Record, TaskCompletionSource? Flushed);
}
