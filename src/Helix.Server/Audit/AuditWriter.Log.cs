namespace Helix.Server.Audit;

internal sealed partial class AuditWriter
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Audit: a batch of {Count} entries could not be written and is lost")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit: an entry of workspace {Workspace} ({Action}) arrived after the audit writer stopped and is lost")]
    private static partial void LogLost(ILogger logger, string workspace, string action);
}
