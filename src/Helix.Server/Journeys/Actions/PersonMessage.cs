using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Workspaces;
using Helix.Server.Privacy.Consent;

namespace Helix.Server.Journeys.Actions;

/// <summary>
/// An event a journey action records about its person (a coupon received, a trait set), addressed by one of the
/// person's identifiers like any channel's event. Its message id derives from the delivery's key, so a repeated
/// delivery is dropped by the pipeline's deduplication: the action happens once.
/// </summary>
internal static class PersonMessage
{
    public static CollectedMessage? For(DeliveryRequest request, MessageType type, string? name, JsonElement? properties, JsonElement? traits, DateTimeOffset now)
    {
        var delivery = request.Delivery;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{delivery.Workspace.Value}|{delivery.Key}")))[..32];
        return For(delivery.Workspace, request.Profile, "jrn_" + id, (delivery.Journey, delivery.Step), type, name, properties, traits, now);
    }

    /// <summary>An event about the person with the given message id (repeating it records nothing new), marked with the journey step it came from.</summary>
    /// <returns>Null when the person has no identifier to address the event to.</returns>
    public static CollectedMessage? For(
        WorkspaceId workspace, DeliveryProfile profile, string messageId, (string Name, string Step) journey, MessageType type, string? name,
        JsonElement? properties, JsonElement? traits, DateTimeOffset now)
    {
        var userId = profile.Identifier(IdentifierTypes.UserId);
        var anonymousId = userId is null ? profile.Identifier(IdentifierTypes.AnonymousId) : null;
        var other = userId is null && anonymousId is null ? profile.Identifiers.FirstOrDefault(i => i.Value.Count > 0) : default;
        if (userId is null && anonymousId is null && other.Key is null)
        {
            return null;
        }

        return new CollectedMessage
        {
            WorkspaceId = workspace,
            SourceId = ConsentWriter.ApiSource,
            SourceTrust = SourceTrust.Trusted,
            MessageId = messageId,
            Type = type,
            Event = name,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = now,
            ReceivedAt = now,
            Properties = properties,
            Traits = traits,
            Context = other.Key is null
                ? JsonSerializer.SerializeToElement(new { journey = new { name = journey.Name, step = journey.Step } })
                : JsonSerializer.SerializeToElement(new { journey = new { name = journey.Name, step = journey.Step }, externalIds = new[] { new { type = other.Key, id = other.Value[0] } } }),
        };
    }
}
