using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>One Segment-spec message of the demo, the channel it arrives through, and whether it is deliberately broken.</summary>
public sealed record DemoMessage(string Channel, JsonObject Message, bool IsMalformed);
