using Microsoft.Extensions.Logging;

namespace Helix.Engine.Pipeline;

public sealed partial class EventPipeline
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline state loaded at checkpoint {Checkpoint}: {Persons} persons, {RecentMessages} message ids in the dedupe window")]
    private partial void LogLoaded(long checkpoint, int persons, int recentMessages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity operation {OperationId} ({Kind}): {Result}; {Before} persons resolved again into {After}")]
    private partial void LogOperation(string operationId, Core.Identity.Operations.IdentityOperationKind kind, string result, int before, int after);

}
