using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Journeys.Delivery;
using Helix.Engine.Ingestion;

namespace Helix.Server.Journeys.Actions;

/// <summary>
/// Actions Helix performs on itself by recording an event in the log: a coupon issued (<c>Coupon Received</c>, which
/// the KPI set counts as a claim) and a trait set (an identify). Acknowledged once durable in the log.
/// </summary>
public sealed class CouponConnector(CollectWriter writer, TimeProvider time) : IJourneyConnector
{
    public const string EventName = "Coupon Received";

    public string Name => "coupon";

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.Delivery.Action.Parameters;
        var now = time.GetUtcNow();
        var validDays = parameters.TryGetProperty("validDays", out var days) && days.TryGetInt32(out var d) ? d : (int?)null;
        var properties = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["coupon_id"] = parameters.GetProperty("couponId").ToString(),
            ["valid_until"] = validDays is { } v ? now.AddDays(v).ToString("O") : null,
            ["journey"] = request.Delivery.Journey,
            ["step"] = request.Delivery.Step,
        });
        return await RecordAsync(writer, PersonMessage.For(request, MessageType.Track, EventName, properties, null, now), cancellationToken);
    }

    internal static async Task<DeliveryOutcome> RecordAsync(CollectWriter writer, CollectedMessage? message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            return DeliveryOutcome.Reject("the person has no identifier to record the event under");
        }

        await writer.WriteAsync([message], cancellationToken);
        return DeliveryOutcome.Delivered(message.MessageId);
    }
}

/// <summary>Sets one trait on the person, as an identify event carrying it.</summary>
public sealed class SetTraitConnector(CollectWriter writer, TimeProvider time) : IJourneyConnector
{
    public string Name => "set_trait";

    public Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.Delivery.Action.Parameters;
        if (parameters.GetProperty("trait") is not { ValueKind: JsonValueKind.String } trait || trait.GetString() is not { Length: > 0 } name)
        {
            return Task.FromResult(DeliveryOutcome.Reject("parameters.trait is not a trait name"));
        }

        var traits = new Dictionary<string, JsonElement> { [name] = parameters.GetProperty("value") };
        var message = PersonMessage.For(request, MessageType.Identify, null, null, JsonSerializer.SerializeToElement(traits), time.GetUtcNow());
        return CouponConnector.RecordAsync(writer, message, cancellationToken);
    }
}
