using System.Globalization;

namespace Helix.Core;

/// <summary>Exact durations as queries and journeys write them.</summary>
public static class Durations
{
    /// <summary>
    /// <c>Nd</c>, <c>Nh</c> or <c>Nm</c>: an exact duration (a day is 24 hours here, not a calendar day), at least a
    /// minute. Computed-trait windows, which count calendar days, have their own rule (<c>ComputedTraitSpec.TryParseWindow</c>).
    /// </summary>
    public static bool TryParseExact(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return false;
        }

        duration = text[^1] switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            'm' => TimeSpan.FromMinutes(count),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }
}
