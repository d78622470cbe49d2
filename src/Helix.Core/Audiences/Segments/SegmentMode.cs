namespace Helix.Core.Audiences.Segments;

/// <summary>How a saved segment's membership is kept current.</summary>
public enum SegmentMode
{
    /// <summary>Re-evaluated for a person on each of their events, merges, tag changes and window expiries, within a second.</summary>
    Realtime,

    /// <summary>Recomputed for the whole workspace in SQL on a cron schedule (and on demand).</summary>
    Scheduled,

    /// <summary>A fixed list of persons with no condition, set as a whole (a lookalike's result).</summary>
    Static,
}
