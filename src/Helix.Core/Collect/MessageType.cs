namespace Helix.Core.Collect;

/// <summary>The calls of the Segment tracking spec.</summary>
public enum MessageType
{
    Track,
    Identify,
    Page,
    Screen,
    Group,
    Alias,
}

public static class MessageTypes
{
    public static string ToWire(this MessageType type) => type switch
    {
        MessageType.Track => "track",
        MessageType.Identify => "identify",
        MessageType.Page => "page",
        MessageType.Screen => "screen",
        MessageType.Group => "group",
        MessageType.Alias => "alias",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? wire, out MessageType type)
    {
        switch (wire)
        {
            case "track": type = MessageType.Track; return true;
            case "identify": type = MessageType.Identify; return true;
            case "page": type = MessageType.Page; return true;
            case "screen": type = MessageType.Screen; return true;
            case "group": type = MessageType.Group; return true;
            case "alias": type = MessageType.Alias; return true;
            default: type = default; return false;
        }
    }
}
