using System.Globalization;

namespace Helix.Core.Profiles;

/// <summary>
/// Where a timeline page ends: the last event's time and log position. Timelines run newest first;
/// the position breaks ties between events with the same timestamp, so no event is skipped or repeated.
/// </summary>
public readonly record struct TimelineCursor(DateTimeOffset Timestamp, long Position)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Timestamp.UtcTicks}.{Position}");

    public static bool TryParse(string? text, out TimelineCursor cursor)
    {
        cursor = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new TimelineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), position);
        return true;
    }
}
