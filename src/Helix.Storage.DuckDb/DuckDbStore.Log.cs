using Microsoft.Extensions.Logging;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Path} open at schema version {Version}")]
    private partial void LogOpened(string path, int version);
}
