using Microsoft.Extensions.Logging;

namespace Helix.Engine.Pipeline;

public sealed partial class EventPipeline
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline state loaded at checkpoint {Checkpoint}: {Persons} persons, {RecentMessages} message ids in the dedupe window")]
    private partial void LogLoaded(long checkpoint, int persons, int recentMessages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity operation {OperationId} ({Kind}): {Result}; {Before} persons resolved again into {After}")]
    private partial void LogOperation(string operationId, Core.Identity.Operations.IdentityOperationKind kind, string result, int before, int after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fact record {RecordId} ({Kind}) applied to workspace {WorkspaceId}")]
    private partial void LogFactRecord(string recordId, Core.Profiles.Facts.FactRecordKind kind, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Person {PersonId} of workspace {WorkspaceId} quarantined by the message at log position {Position}: {Reason} ({Identifiers} identifiers, {Merges} merges); it takes no further merges until split, see GET /api/v1/identity/quarantine")]
    private partial void LogQuarantined(string personId, string workspaceId, long position, string reason, int identifiers, int merges);

    /// <summary>The quarantine alert: one warning per person the batch just committed quarantined (again on a rebuild's replay).</summary>
    private void LogQuarantines()
    {
        foreach (var person in _graph.TakeQuarantined())
        {
            LogQuarantined(person.Id.Value, person.WorkspaceId.Value, person.Quarantine!.Position, person.Quarantine.Reason, person.Identifiers.Count, person.MergeCount);
        }
    }
}
