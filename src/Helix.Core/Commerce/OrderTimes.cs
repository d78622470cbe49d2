using System.Globalization;

namespace Helix.Core.Commerce;

/// <summary>
/// Reads order times: a time with an offset or <c>Z</c> is taken as it is; a local time (the usual
/// export) is read with <see cref="Format"/> (or the ISO-like defaults) in <see cref="Zone"/>.
/// </summary>
public sealed class OrderTimes(TimeZoneInfo zone, string? format = null)
{
    private static readonly string[] DefaultFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy-MM-dd", "yyyy/MM/dd",
    ];

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>A .NET custom date and time format, or null for the defaults (<c>yyyy-MM-dd HH:mm:ss</c> and its relatives).</summary>
    public string? Format { get; } = format;

    /// <summary>
    /// An IANA or Windows time zone id (<c>Asia/Shanghai</c>, <c>Europe/London</c>), <c>UTC</c>, or a
    /// fixed offset (<c>+08:00</c>, <c>-05:00</c>).
    /// </summary>
    public static TimeZoneInfo? FindZone(string text)
    {
        if (text.Length == 6 && text[0] is '+' or '-'
            && TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var offset) && offset <= TimeSpan.FromHours(14))
        {
            var signed = text[0] == '-' ? -offset : offset;
            return TimeZoneInfo.CreateCustomTimeZone("UTC" + text, signed, "UTC" + text, "UTC" + text);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(text, out var zone) ? zone : null;
    }

    /// <returns>The time, or null with the reason in <paramref name="error"/>.</returns>
    public DateTimeOffset? Parse(string text, out string? error)
    {
        error = null;
        if (HasOffset(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var exact))
            {
                return exact;
            }

            error = $"'{text}' is not a time";
            return null;
        }

        var formats = Format is null ? DefaultFormats : [Format];
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            error = Format is null
                ? $"'{text}' is not a time like 2024-06-18 20:15:00"
                : $"'{text}' does not match the time format '{Format}'";
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            error = $"'{text}' does not exist in {Zone.Id} (the clocks went forward)";
            return null;
        }

        // An ambiguous time (the hour the clocks go back) is read as standard time, as TimeZoneInfo does.
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    private static bool HasOffset(string text)
    {
        var time = text.AsSpan().Trim();
        return time.Length > 10 && (time[^1] is 'Z' or 'z' || time[10..].IndexOfAny('+', '-') >= 0);
    }
}
