using Helix.Core.Workspaces;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// A sliding window as whole buckets: calendar days in workspace time when the window is whole days,
/// otherwise hours (a window that is not whole hours is rounded up to the next hour). Bucket keys are
/// day numbers or hours since the epoch; hour boundaries are the same in UTC and in workspace time.
/// </summary>
internal readonly record struct BucketWindow(bool Daily, long Length)
{
    public static BucketWindow? Of(TimeSpan? window) => window switch
    {
        null => null,
        { } w when w.Ticks % TimeSpan.TicksPerDay == 0 => new BucketWindow(true, w.Ticks / TimeSpan.TicksPerDay),
        { } w => new BucketWindow(false, Math.Max(1, (w.Ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour)),
    };

    public long Key(DateTimeOffset at) => Daily ? WorkspaceTime.Day(at).DayNumber : Math.DivRem(at.UtcTicks, TimeSpan.TicksPerHour).Quotient;

    /// <summary>The oldest bucket inside the window at <paramref name="now"/>: the window is the <see cref="Length"/> buckets ending with now's.</summary>
    public long Lower(DateTimeOffset now) => Key(now) - Length + 1;

    /// <summary>When <paramref name="key"/> leaves the window: the start of the bucket <see cref="Length"/> after it.</summary>
    public DateTimeOffset Expiry(long key) => Start(key + Length);

    private DateTimeOffset Start(long key) => Daily
        ? WorkspaceTime.StartOf(DateOnly.FromDayNumber((int)key))
        : new DateTimeOffset(key * TimeSpan.TicksPerHour, TimeSpan.Zero);
}
