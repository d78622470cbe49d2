using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Journeys.Delivery;
using Helix.Server.Tags;

namespace Helix.Server.Journeys.Actions;

/// <summary>Adds the person to a static segment (<c>add_to_segment</c>) or removes them (<c>remove_from_segment</c>); conditions decide the others.</summary>
public sealed class SegmentMembershipConnector(bool add, ISegmentStore segments, DefinitionsSubmission definitions, TimeProvider time) : IJourneyConnector
{
    public string Name => add ? "add_to_segment" : "remove_from_segment";

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var delivery = request.Delivery;
        if (delivery.Action.Parameters.GetProperty("segment") is not { ValueKind: JsonValueKind.String } named || named.GetString() is not { } name)
        {
            return DeliveryOutcome.Reject("parameters.segment is not a segment name");
        }

        var current = await definitions.CurrentAsync(delivery.Workspace, cancellationToken);
        if (current.Segment(name) is not { Mode: SegmentMode.Static })
        {
            return DeliveryOutcome.Reject($"'{name}' is not a static segment: only static segments take members from journeys");
        }

        await segments.ChangeSegmentMemberAsync(delivery.Workspace, name, delivery.Person, add, time.GetUtcNow(), $"journey {delivery.Journey}/{delivery.Step}", cancellationToken);
        return DeliveryOutcome.Delivered();
    }
}
