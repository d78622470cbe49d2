using Microsoft.Extensions.Logging;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Path} open at schema version {Version}")]
    private partial void LogOpened(string path, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store holds personal data in the clear: everything derived from the event log is dropped and replayed sealed")]
    private partial void LogSealingExistingData();
}
