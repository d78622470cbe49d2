namespace Helix.Core.Identity.Matching;

/// <summary>
/// The records one match runs over: a table against itself (dedupe: only pairs i &lt; j, never a record
/// with itself) or two tables against each other (link: only pairs across, never within a table).
/// </summary>
public sealed class MatchTables
{
    private MatchTables(IReadOnlyList<MatchRecord> left, IReadOnlyList<MatchRecord> right, bool isDedupe)
    {
        Left = left;
        Right = right;
        IsDedupe = isDedupe;
    }

    public IReadOnlyList<MatchRecord> Left { get; }

    /// <summary>The same list as <see cref="Left"/> for a dedupe.</summary>
    public IReadOnlyList<MatchRecord> Right { get; }

    public bool IsDedupe { get; }

    public static MatchTables Dedupe(IReadOnlyList<MatchRecord> records) => new(records, records, isDedupe: true);

    public static MatchTables Link(IReadOnlyList<MatchRecord> left, IReadOnlyList<MatchRecord> right) => new(left, right, isDedupe: false);
}
