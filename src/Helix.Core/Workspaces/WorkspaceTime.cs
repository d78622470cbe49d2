namespace Helix.Core.Workspaces;

/// <summary>
/// A workspace's calendar. Workspaces have no time-zone setting yet: every one uses Helix's default,
/// China Standard Time (UTC+8, no daylight saving), so an order's day, a birthday's age and a lifecycle
/// window are counted as a Chinese brand counts them.
/// </summary>
public static class WorkspaceTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The calendar day <paramref name="at"/> falls on in the workspace.</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>The instant <paramref name="day"/> begins in the workspace: its midnight.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);
}
