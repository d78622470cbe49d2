using Helix.EventLog;
using Helix.Testing;

namespace Helix.Engine.Tests.Ingestion;

/// <summary>A real event log in a temporary directory, deleted with it on dispose.</summary>
internal sealed class TempEventLog : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("helix-import-log");

    public TempEventLog() => Log = EventLog.EventLog.Open(new EventLogOptions(_directory.Path));

    public EventLog.EventLog Log { get; }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        _directory.Dispose();
    }
}
