using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// Attribution of the <see cref="Conversion"/> events whose day is in the range to the person's earlier
/// <see cref="Touchpoints"/> events, each named by its <see cref="Dimension"/> property (the channel), within
/// <see cref="LookbackDays"/> before the conversion and after the person's previous conversion. <see cref="Value"/>
/// optionally names a numeric property of the conversion whose sum is shared out like the conversions.
/// </summary>
public sealed record AttributionQuery(
    AnalyticsRange Range,
    EventFilter Conversion,
    EventFilter Touchpoints,
    string Dimension,
    int LookbackDays,
    IReadOnlyList<AttributionModel> Models,
    double HalfLifeDays,
    string? Value,
    Condition? Segment)
{
    public const int DefaultLookbackDays = 30;
    public const int MaxLookbackDays = 366;
    public const double DefaultHalfLifeDays = 7;
    public const double MaxHalfLifeDays = 366;

    public TimeSpan Lookback => TimeSpan.FromDays(LookbackDays);
}
