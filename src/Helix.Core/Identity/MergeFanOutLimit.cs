namespace Helix.Core.Identity;

/// <summary>At most <paramref name="MaxMerges"/> merges into one person within any <paramref name="Window"/> of event time.</summary>
public sealed record MergeFanOutLimit(int MaxMerges, TimeSpan Window)
{
    public static MergeFanOutLimit Default { get; } = new(20, TimeSpan.FromDays(1));
}
