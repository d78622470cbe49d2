using Helix.Engine.Hosting;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Engine.Privacy;
using Helix.EventLog;
using Helix.Server;
using Helix.Storage.DuckDb;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Helix.Cli.Offline;

/// <summary>
/// A data directory opened without the server, for batch commands. Same log, same writer, same
/// pipeline as the server, so an import is processed exactly as live traffic is.
/// </summary>
internal sealed class OfflineHelix : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly byte[] _digestKey;
    private readonly PersonDataKeys _keys;

    private OfflineHelix(ILoggerFactory loggers, DuckDbStore store, EventLog.EventLog log, EventPipeline pipeline, byte[] digestKey, PersonDataKeys keys)
    {
        _loggers = loggers;
        _digestKey = digestKey;
        _keys = keys;
        Store = store;
        Log = log;
        Pipeline = pipeline;
        Writer = new CollectWriter(log);
    }

    public DuckDbStore Store { get; }
    public EventLog.EventLog Log { get; }
    public EventPipeline Pipeline { get; private set; }
    public CollectWriter Writer { get; }

    /// <exception cref="EventLogLockedException">A server (or another command) has the directory open.</exception>
    public static async Task<OfflineHelix> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        // Warnings only (a recovered torn tail, a failed batch): the command's own output is the progress display.
        var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        EventLog.EventLog? log = null;
        PersonDataKeys? keys = null;
        try
        {
            log = EventLog.EventLog.Open(new EventLogOptions(Path.Combine(directory, HelixServer.LogDirectoryName)), loggers.CreateLogger<EventLog.EventLog>());
            keys = PersonDataKeys.Open(directory);
            var store = await DuckDbStore.OpenAsync(Path.Combine(directory, HelixServer.StoreFileName), TimeProvider.System, loggers.CreateLogger<DuckDbStore>(), cancellationToken);
            store.UsePii(keys.Vault);
            var digestKey = DataDirectoryKeys.IdentifierDigestKey(directory);
            var pipeline = new EventPipeline(log, store, new PipelineOptions { IdentifierDigestKey = digestKey }, loggers.CreateLogger<EventPipeline>());
            await pipeline.LoadAsync(cancellationToken);
            return new OfflineHelix(loggers, store, log, pipeline, digestKey, keys);
        }
        catch
        {
            if (log is not null)
            {
                await log.DisposeAsync();
            }

            if (keys is not null)
            {
                await keys.DisposeAsync();
            }

            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Opens the directory, or explains on the console why it cannot (a server has it open) and returns null.</summary>
    public static async Task<OfflineHelix?> OpenOrExplainAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(dataDirectory, cancellationToken);
        }
        catch (EventLogLockedException)
        {
            AnsiConsole.MarkupLine($"[red]The data directory {Markup.Escape(dataDirectory)} is in use[/] (is `helix serve` running on it?). Stop it first, or send events to its /v1/batch endpoint.");
            return null;
        }
    }

    /// <summary>Drops everything derived from the log and starts a new pipeline at its beginning, with <paramref name="options"/>.</summary>
    public async Task ResetAsync(PipelineOptions options, CancellationToken cancellationToken)
    {
        await Store.ResetDerivedAsync(cancellationToken);
        Pipeline = new EventPipeline(Log, Store, options with { IdentifierDigestKey = _digestKey }, _loggers.CreateLogger<EventPipeline>());
        await Pipeline.LoadAsync(cancellationToken);
    }

    /// <summary>Applies everything in the log, reporting the checkpoint as it goes.</summary>
    public async Task DrainAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        while (await Pipeline.ProcessNextBatchAsync(cancellationToken) > 0)
        {
            progress?.Report(Pipeline.Checkpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        await _keys.DisposeAsync();
        _loggers.Dispose();
    }
}
