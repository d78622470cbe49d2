namespace Helix.DemoData;

/// <summary>A marketing campaign as <c>context.campaign</c> carries it (UTM source, medium, name).</summary>
/// <param name="Months">The local months in which it runs; empty for always-on campaigns.</param>
internal sealed record Campaign(string Source, string Medium, string Name, int[] Months);
