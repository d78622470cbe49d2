using Helix.Core.Workspaces;

namespace Helix.Core.Audiences;

/// <summary>
/// <c>within 30d</c> or <c>within 12h</c>, counted exactly as a computed trait's window: whole days are calendar
/// days in workspace time (<c>30d</c> is today and the 29 days before, midnight to midnight UTC+8), hours are whole
/// hours (<c>12h</c> is this hour and the 11 before). <see cref="Length"/> is whole days or whole hours.
/// </summary>
public sealed record RelativeWindow(TimeSpan Length) : EventWindow
{
    public override (DateTimeOffset From, DateTimeOffset? Until) Bounds(DateTimeOffset now)
    {
        if (Length.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (int)(Length.Ticks / TimeSpan.TicksPerDay);
            return (WorkspaceTime.StartOf(WorkspaceTime.Day(now).AddDays(1 - days)), null);
        }

        var hours = Length.Ticks / TimeSpan.TicksPerHour;
        var thisHour = now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour);
        return (new DateTimeOffset(thisHour - ((hours - 1) * TimeSpan.TicksPerHour), TimeSpan.Zero), null);
    }
}
