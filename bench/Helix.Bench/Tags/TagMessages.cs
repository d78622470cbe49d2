using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Bench.Tags;

/// <summary>The workload's events as Helix sees them: collected messages for the fold, Segment JSON for <c>/v1/batch</c>.</summary>
internal static class TagMessages
{
    /// <summary>Event <paramref name="index"/> as the pipeline hands it to the fold: received when it happened.</summary>
    public static CollectedMessage Collected(TagsWorkload workload, int index, WorkspaceId workspace)
    {
        var e = workload.Events[index];
        var person = workload.Persons[e.Person];
        var at = new DateTimeOffset(e.Ticks, TimeSpan.Zero);
        var variant = e.Variant < 0 ? null : workload.Variants.Variants[e.Variant];
        return new CollectedMessage
        {
            WorkspaceId = workspace,
            SourceId = new SourceId(variant?.Source ?? "crm"),
            MessageId = string.Create(CultureInfo.InvariantCulture, $"t{index}"),
            Type = variant?.Type ?? MessageType.Identify,
            UserId = person.UserId,
            Event = variant?.Event,
            Timestamp = at,
            ReceivedAt = at,
            Properties = variant?.Properties,
            Traits = variant is null ? person.Traits : null,
            Context = workload.Variants.Campaigns[e.Campaign].Context,
        };
    }

    /// <summary>Event <paramref name="index"/> as a Segment message (<c>identify</c>, <c>track</c>, <c>page</c> or <c>screen</c>).</summary>
    public static string Json(TagsWorkload workload, int index, string messagePrefix)
    {
        var e = workload.Events[index];
        var person = workload.Persons[e.Person];
        var variant = e.Variant < 0 ? null : workload.Variants.Variants[e.Variant];
        var message = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = variant is null ? "identify" : variant.Type.ToWire(),
            ["messageId"] = string.Create(CultureInfo.InvariantCulture, $"{messagePrefix}{index}"),
            ["userId"] = person.UserId,
            ["timestamp"] = new DateTimeOffset(e.Ticks, TimeSpan.Zero),
        };
        if (variant is null)
        {
            message["traits"] = person.Traits;
        }
        else
        {
            message[variant.Type == MessageType.Track ? "event" : "name"] = variant.Event;
            message["properties"] = variant.Properties;
        }

        if (workload.Variants.Campaigns[e.Campaign].Context is { } context)
        {
            message["context"] = context;
        }

        return JsonSerializer.Serialize(message);
    }
}
