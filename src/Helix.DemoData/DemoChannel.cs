namespace Helix.DemoData;

/// <summary>A channel of the demo brand; the demo creates one Helix source per channel.</summary>
public sealed record DemoChannel(string Key, string DisplayName);
