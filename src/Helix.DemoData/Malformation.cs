using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>The kinds of bad input a real feed carries; each leaves a JSON object that validation must refuse.</summary>
internal static class Malformation
{
    public static void Break(JsonObject message, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                // A track call whose event name the client forgot.
                message["type"] = "track";
                message.Remove("event");
                message.Remove("name");
                break;
            case 1:
                message["timestamp"] = "yesterday";
                break;
            case 2:
                message["properties"] = "{\"total\": 59.9}";
                break;
            default:
                message.Remove("userId");
                message.Remove("anonymousId");
                break;
        }
    }
}
