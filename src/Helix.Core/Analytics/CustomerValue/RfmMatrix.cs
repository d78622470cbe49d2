using Helix.Core.Models;
using Helix.Core.Profiles;

namespace Helix.Core.Analytics.CustomerValue;

/// <summary>One cell of the R × F matrix: the counted buyers with these two scores, their net revenue and its mean.</summary>
public sealed record RfmCell(int R, int F, int Persons, double Revenue, double? MeanMonetary);

/// <summary>One of the 8 groups among the counted buyers; the shares are of the counted buyers and of their revenue.</summary>
public sealed record RfmGroupShare(RfmGroup Group, int Persons, double Revenue, double? Share, double? RevenueShare);

/// <summary>
/// Counted buyers at asOf by their group at compareTo (row; <see cref="From"/>, null for "not a buyer yet") and at
/// asOf (column; <see cref="To"/>). <c>Persons[row][column]</c>.
/// </summary>
public sealed record RfmMovement(IReadOnlyList<RfmGroup?> From, IReadOnlyList<RfmGroup> To, IReadOnlyList<IReadOnlyList<int>> Persons);

/// <summary>The matrix, the groups and the movement, with the cut points and reference scores that made them.</summary>
public sealed record RfmMatrixResult(
    int Buyers, double Revenue, RfmCutPoints CutPoints, (double R, double F, double M) Reference,
    IReadOnlyList<RfmCell> Cells, IReadOnlyList<RfmGroupShare> Groups, RfmMovement? Movement);

/// <summary>
/// RFM over the workspace's buyers, counted over some of them (a segment). The yardstick — quantile cut points and the
/// mean scores that split ↑ from ↓ — is always the whole workspace's at asOf, so a person's group here is the group
/// <c>GET /api/v1/models/rfm</c> and the <c>rfm</c> tag give them; the segment only chooses who is counted.
/// </summary>
public static class RfmMatrix
{
    private static readonly RfmGroup[] Groups = Enum.GetValues<RfmGroup>();

    /// <param name="buyers">Every buyer of the workspace at <paramref name="asOf"/>.</param>
    /// <param name="earlier">Every buyer at <paramref name="compareTo"/> (a subset of the buyers, as orders only accumulate), or null for no movement.</param>
    /// <param name="counted">Who is counted; null counts everyone.</param>
    public static RfmMatrixResult Build(
        IReadOnlyList<OrderSummary> buyers, DateTimeOffset asOf, int bins, Func<PersonId, bool>? counted = null,
        IReadOnlyList<OrderSummary>? earlier = null, DateTimeOffset compareTo = default)
    {
        ArgumentNullException.ThrowIfNull(buyers);
        counted ??= _ => true;
        var observations = buyers.Select(b => RfmObservation.Of(b, asOf)).ToList();
        var result = RfmAnalysis.Run(observations, new RfmOptions(bins));
        var members = Enumerable.Range(0, buyers.Count).Where(i => counted(buyers[i].Person)).ToList();
        var revenue = members.Sum(i => observations[i].Monetary);

        // One pass each over the counted buyers, whatever the number of cells.
        var byCell = members.ToLookup(i => (result.Customers[i].Score.R, result.Customers[i].Score.F));
        var cells = new List<RfmCell>();
        for (var r = bins; r >= 1; r--)
        {
            for (var f = 1; f <= bins; f++)
            {
                var inCell = byCell[(r, f)].ToList();
                var sum = inCell.Sum(i => observations[i].Monetary);
                cells.Add(new RfmCell(r, f, inCell.Count, sum, inCell.Count == 0 ? null : sum / inCell.Count));
            }
        }

        var byGroup = members.ToLookup(i => result.Customers[i].Group);
        var groups = Groups.Select(group =>
        {
            var inGroup = byGroup[group].ToList();
            var sum = inGroup.Sum(i => observations[i].Monetary);
            return new RfmGroupShare(group, inGroup.Count, sum,
                members.Count == 0 ? null : (double)inGroup.Count / members.Count, revenue == 0 ? null : sum / revenue);
        }).ToList();

        var movement = earlier is null ? null : Movement(buyers, result, members, earlier, compareTo, bins);
        return new RfmMatrixResult(members.Count, revenue, result.CutPoints, result.Reference, cells, groups, movement);
    }

    /// <summary>
    /// The earlier groups on asOf's yardstick: cut points and reference scores fixed from asOf, recency measured from
    /// compareTo. With a yardstick recomputed at each time a buyer whose orders did not change could still move,
    /// because the other buyers (and the new ones) moved the quantiles; fixed, a move is the buyer's own doing.
    /// </summary>
    private static RfmMovement Movement(
        IReadOnlyList<OrderSummary> buyers, RfmResult now, List<int> members, IReadOnlyList<OrderSummary> earlier, DateTimeOffset compareTo, int bins)
    {
        var fixedYardstick = new RfmOptions(bins, now.CutPoints, new RfmGroupRule(RfmReference.Fixed, FixedScores: now.Reference));
        var before = RfmAnalysis.Run([.. earlier.Select(b => RfmObservation.Of(b, compareTo))], fixedYardstick);
        var groupBefore = new Dictionary<PersonId, RfmGroup>();
        for (var i = 0; i < earlier.Count; i++)
        {
            groupBefore[earlier[i].Person] = before.Customers[i].Group;
        }

        // Row 0 is "not a buyer yet"; row g + 1 and column g are group g.
        var persons = new int[Groups.Length + 1][];
        for (var row = 0; row < persons.Length; row++)
        {
            persons[row] = new int[Groups.Length];
        }

        foreach (var i in members)
        {
            var row = groupBefore.TryGetValue(buyers[i].Person, out var from) ? (int)from + 1 : 0;
            persons[row][(int)now.Customers[i].Group]++;
        }

        return new RfmMovement([null, .. Groups.Select(g => (RfmGroup?)g)], Groups, persons);
    }
}
