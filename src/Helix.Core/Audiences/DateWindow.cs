using System.Globalization;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences;

/// <summary>
/// <c>between 2026-01-01 and 2026-01-31</c> (both days included) or <c>since 2026-01-01</c> (<see cref="To"/> null:
/// up to now). Days are calendar days in workspace time, so a window starts and ends at midnight UTC+8.
/// </summary>
public sealed record DateWindow(DateOnly From, DateOnly? To) : EventWindow
{
    public override (DateTimeOffset From, DateTimeOffset? Until) Bounds(DateTimeOffset now) =>
        (WorkspaceTime.StartOf(From), To is { } to ? WorkspaceTime.StartOf(to.AddDays(1)) : null);

    /// <summary>A day written <c>yyyy-MM-dd</c>, the only form windows take (no time, no offset).</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    public static string FormatDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
