namespace Helix.DemoData;

/// <summary>The size and seed of a demo brand. The output depends on these alone, never on the clock.</summary>
public sealed record DemoOptions
{
    public int Customers { get; init; } = 20_000;
    public int Seed { get; init; } = 42;
    public DateTimeOffset End { get; init; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8));
    public int Days { get; init; } = 180;

    /// <summary>The share of deliberately malformed messages, as any real feed has.</summary>
    public double MalformedRate { get; init; } = 0.002;
}
