using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Privacy.Consent;

namespace Helix.Storage.DuckDb;

/// <summary>An outbox row's action as JSON: <c>{"connector", "consent", "parameters"}</c>, consent as its wire topic or null.</summary>
public static class JourneyActionJson
{
    public static string Write(JourneyAction action)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("connector", action.Connector);
            writer.WriteString("consent", action.Consent?.Topic.ToString());
            writer.WritePropertyName("parameters");
            action.Parameters.WriteTo(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static JourneyAction Read(string json)
    {
        var root = JsonElement.Parse(json);
        var consent = root.GetProperty("consent") is { ValueKind: JsonValueKind.String } c && ConsentTopic.TryParse(c.GetString(), out var topic, out _)
            ? new ActionConsent(topic)
            : null;
        return new JourneyAction(root.GetProperty("connector").GetString()!, consent, root.GetProperty("parameters"));
    }
}
