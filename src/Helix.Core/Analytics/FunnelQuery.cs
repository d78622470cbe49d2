using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>How strictly a funnel's steps must follow each other.</summary>
public enum FunnelOrder
{
    /// <summary>Each step after the one before; other events may come between.</summary>
    Loose,

    /// <summary>Each step the person's very next track event after the one before.</summary>
    Strict,
}

/// <summary>
/// A funnel: persons enter at an event matching the first step whose day is in the range and convert through the
/// following steps in order, each no later than <see cref="Window"/> after the entering event (steps may fall after the
/// range's last day). Events are ordered by timestamp, then log position. Each entry follows the earliest possible
/// event for each next step; a person counts once, with the entry that reaches the furthest step (the earliest such
/// entry on ties).
/// </summary>
public sealed record FunnelQuery(
    AnalyticsRange Range, IReadOnlyList<EventFilter> Steps, TimeSpan Window, FunnelOrder Order, Condition? Segment, Breakdown? Breakdown)
{
    public const int MinSteps = 2;
    public const int MaxSteps = 10;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);
}

/// <summary>
/// Which persons to list: those who reached step <see cref="Step"/> (1-based) but not the next, after <see cref="After"/> (a person id),
/// sorted by id; with <see cref="Save"/>, all of them are also saved as that static segment.
/// </summary>
public sealed record FunnelDropOff(int Step, int Limit, string? After, string? Save = null)
{
    public const int MaxLimit = 10_000;
}
