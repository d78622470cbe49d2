using System.Security.Cryptography;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Privacy.Consent;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Identity;

namespace Helix.Server.Privacy.Consent;

/// <summary>
/// Records consents the way a channel would: a <see cref="ConsentEvent"/> track event carrying one of the person's
/// identifiers, appended to the event log, so the log stays the one record and a rebuild keeps every consent.
/// </summary>
public sealed class ConsentWriter(CollectWriter writer, EventPipeline pipeline, TimeProvider time)
{
    /// <summary>The source id of consents recorded through the API and unsubscribe links (no row in sources: no write key reaches it).</summary>
    public static readonly SourceId ApiSource = new("src_helix_api");

    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    /// <returns>True once the pipeline applied the event (its effect is readable); false when it is only durable in the log.</returns>
    public async Task<bool> WriteAsync(
        WorkspaceId workspace, Identifier identifier, IReadOnlyList<ConsentEvent.Item> items, string? source, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = new CollectedMessage
        {
            WorkspaceId = workspace,
            SourceId = ApiSource,
            SourceTrust = SourceTrust.Trusted,
            MessageId = "consent_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Type = MessageType.Track,
            Event = ConsentEvent.Name,
            UserId = identifier.Type == IdentifierTypes.UserId ? identifier.Value : null,
            AnonymousId = identifier.Type == IdentifierTypes.AnonymousId ? identifier.Value : null,
            Timestamp = at ?? now,
            ReceivedAt = now,
            Properties = ConsentEvent.Properties(items, source),
            Context = identifier.Type is IdentifierTypes.UserId or IdentifierTypes.AnonymousId
                ? null
                : JsonSerializer.SerializeToElement(new { externalIds = new[] { new { type = identifier.Type, id = identifier.Value } } }),
        };
        var end = await writer.WriteAsync([message], cancellationToken);
        return await OperationSubmission.WaitForApplyAsync(pipeline, end - 1, ApplyTimeout, cancellationToken);
    }
}
