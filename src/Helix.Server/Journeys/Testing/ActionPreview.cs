using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Privacy.Consent;
using Helix.Core.Workspaces;
using Helix.Server.Guide;
using Helix.Server.Journeys.Actions;
using static Helix.Server.Journeys.Testing.JourneyTestApi;

namespace Helix.Server.Journeys.Testing;

/// <summary>
/// What one action of a test walk would do for the person: its texts rendered with the person's profile by the same
/// templates the connectors use, and what would withhold it. Reads only what it is given: nothing is sent or stored.
/// </summary>
internal sealed class ActionPreview(WorkspaceId workspace, DeliveryProfile profile, ConsentState consents, MarketingPressure pressure, IReadOnlyList<SentCount> sent, GuideOptions guide)
{
    // Parameters that name things (a connection, a WeChat template, a coupon) rather than hold text for the person.
    private static readonly HashSet<string> Names = ["connection", "templateId", "couponId", "segment", "trait", "value", "dueIn", "validDays", "from"];

    private readonly List<ActionTaken> _messagesBefore = [];

    public TestAction Of(ActionTaken taken, JourneyDelivery delivery)
    {
        var kind = JourneyConnectors.All.GetValueOrDefault(taken.Action.Connector);
        var withheld = Withholding(taken, kind);
        var (rendered, error) = Render(taken.Action);
        GuideTaskPreview? task = null;
        if (taken.Action.Connector == GuideTaskConnector.ConnectorName && error is null)
        {
            var (planned, refused) = GuideTaskConnector.Plan(delivery, profile, guide, taken.At);
            error = refused;
            task = planned is null ? null : new GuideTaskPreview(planned.Id, planned.Store, planned.Guide, planned.Title, planned.Note, planned.DueAt);
        }

        if (kind is { IsMessage: true } && withheld.Count == 0 && error is null)
        {
            _messagesBefore.Add(taken);
        }

        return new TestAction(taken.Step, taken.At, taken.Action.Connector, kind?.IsMessage == true, withheld, rendered, error, task);
    }

    /// <summary>The dispatcher's checks, in its order, on what can be read without acting: consent and limits as they stand now.</summary>
    private List<string> Withholding(ActionTaken taken, JourneyConnectors.Connector? kind)
    {
        var reasons = new List<string>();
        if (taken.Withheld)
        {
            reasons.Add("journey holdout");
        }

        if (kind is null)
        {
            return reasons;
        }

        if ((taken.Action.Consent?.Topic ?? kind.Consent) is { } topic && !consents.Allows(topic))
        {
            reasons.Add($"no consent to {topic}");
        }

        if ((kind.IsMessage || kind.Name == "coupon") && pressure.HeldOut(workspace, profile.Person))
        {
            reasons.Add("global holdout");
        }

        if (kind.Consent?.Channel is { } channel)
        {
            reasons.AddRange(Limits(taken.At, channel));
        }

        return reasons;
    }

    /// <summary>Stored sends of the last day and week (as of now) plus the messages this walk sends before, within a day or a week of this one.</summary>
    private IEnumerable<string> Limits(DateTimeOffset at, string channel)
    {
        (int Day, int Week) Count(Func<string, bool> counts)
        {
            var earlier = _messagesBefore.Where(m => counts(m.Action.Connector)).ToList();
            return (sent.Where(s => counts(s.Connector)).Sum(s => s.LastDay) + earlier.Count(m => at - m.At < TimeSpan.FromDays(1)),
                sent.Where(s => counts(s.Connector)).Sum(s => s.LastWeek) + earlier.Count(m => at - m.At < TimeSpan.FromDays(7)));
        }

        if (pressure.Fatigue is { } fatigue && Count(c => JourneyConnectors.All.GetValueOrDefault(c)?.IsMessage == true) is var all && !fatigue.Allows(all.Day, all.Week))
        {
            yield return "fatigue limit";
        }

        if (pressure.Channels.GetValueOrDefault(channel) is { } limit
            && Count(c => JourneyConnectors.All.GetValueOrDefault(c)?.Consent?.Channel == channel) is var own && !limit.Allows(own.Day, own.Week))
        {
            yield return $"{channel} limit";
        }
    }

    private (JsonNode? Rendered, string? Error) Render(JourneyAction action)
    {
        if (action.Parameters.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var model = TemplateModel.For(profile);
        var rendered = new JsonObject();
        try
        {
            foreach (var parameter in action.Parameters.EnumerateObject())
            {
                rendered[parameter.Name] = parameter.Value.ValueKind switch
                {
                    _ when Names.Contains(parameter.Name) => JsonNode.Parse(parameter.Value.GetRawText()),
                    // An e-mail's body is HTML: values are encoded as the e-mail connector encodes them.
                    JsonValueKind.String => MessageTemplate.Render(parameter.Value.GetString()!, model, html: action.Connector == "email" && parameter.Name == "body"),
                    JsonValueKind.Object or JsonValueKind.Array => JsonNode.Parse(JsonTemplate.Render(parameter.Value, model)),
                    _ => JsonNode.Parse(parameter.Value.GetRawText()),
                };
            }
        }
        catch (TemplateException e)
        {
            return (null, e.Message);
        }

        return (rendered, null);
    }
}
