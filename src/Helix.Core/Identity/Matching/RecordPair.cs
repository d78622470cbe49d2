namespace Helix.Core.Identity.Matching;

/// <summary>
/// A candidate pair as positions in <see cref="MatchTables.Left"/> and <see cref="MatchTables.Right"/>;
/// in a dedupe <see cref="Left"/> is always below <see cref="Right"/>, so each pair exists once.
/// </summary>
public readonly record struct RecordPair(int Left, int Right)
{
    /// <summary>Packs the pair into one sortable number, so deduplicating millions of pairs needs no tuples.</summary>
    internal long ToKey() => ((long)Left << 32) | (uint)Right;

    internal static RecordPair FromKey(long key) => new((int)(key >> 32), (int)(key & uint.MaxValue));
}
