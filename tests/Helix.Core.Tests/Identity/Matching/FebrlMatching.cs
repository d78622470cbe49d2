using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

/// <summary>
/// The one match configuration used for every FEBRL set: fields, blocking rules and thresholds were
/// chosen once and are not fitted per set.
/// </summary>
internal static class FebrlMatching
{
    public static readonly string[] Columns =
        ["given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"];

    public static readonly MatchField[] Fields =
    [
        new("given_name", ComparatorKind.JaroWinkler),
        new("surname", ComparatorKind.JaroWinkler),
        new("street_number", ComparatorKind.Numeric),
        new("address_1", ComparatorKind.JaroWinkler),
        new("suburb", ComparatorKind.JaroWinkler),
        new("postcode", ComparatorKind.Numeric),
        new("state", ComparatorKind.Exact),
        new("date_of_birth", ComparatorKind.Date),
        new("soc_sec_id", ComparatorKind.Numeric),
    ];

    /// <summary>
    /// Each rule catches pairs the others lose to a particular corruption: a typo in the id (date of birth,
    /// names), in the date (id, names), in the surname (birth year), swapped given and surname
    /// (names either order), swapped id digits (the id's digits as a multiset).
    /// </summary>
    public static readonly BlockingRule[] Rules =
    [
        new("soc_sec_id", r => r.Values[8]),
        new("date_of_birth", r => r.Values[7]),
        new("surname_3+postcode", r => Join(Prefix(r.Values[1], 3), r.Values[5])),
        new("given_initial+birth_year", r => Join(Prefix(r.Values[0], 1), Prefix(r.Values[7], 4))),
        new("names_either_order", r => string.CompareOrdinal(r.Values[0], r.Values[1]) < 0 ? Join(r.Values[0], r.Values[1]) : Join(r.Values[1], r.Values[0])),
        new("soc_sec_id_digits", r => r.Values[8] is { } id ? new string([.. id.Order()]) : null),
    ];

    /// <summary>Auto-merge from 10 bits (a Bayes factor of 1,024), review from 5 bits (32).</summary>
    public static readonly MatchThresholds Thresholds = new(review: 5.0, autoMerge: 10.0);

    public const int MaxBlockSize = 500;

    public static FebrlRun Dedupe(string file) => Run(MatchTables.Dedupe(FebrlDataSet.Load(file, Columns)));

    public static FebrlRun Link(string leftFile, string rightFile) =>
        Run(MatchTables.Link(FebrlDataSet.Load(leftFile, Columns), FebrlDataSet.Load(rightFile, Columns)));

    public static FebrlRun Run(MatchTables tables)
    {
        var blocking = Blocking.CandidatePairs(tables, Rules, MaxBlockSize);
        var estimate = MatchModelEstimator.Estimate(Fields, tables, blocking.Pairs);
        var candidates = Matcher.Classify(estimate.Model, tables, blocking.Pairs, Thresholds);
        return new FebrlRun(tables, blocking, estimate, candidates, Quality(tables, blocking, candidates));
    }

    private static PairwiseQuality Quality(MatchTables tables, BlockingResult blocking, IReadOnlyList<MatchCandidate> candidates)
    {
        var left = tables.Left.CountBy(r => FebrlDataSet.Entity(r.Id)).ToDictionary();
        var truePairs = tables.IsDedupe
            ? left.Values.Sum(k => (long)k * (k - 1) / 2)
            : tables.Right.CountBy(r => FebrlDataSet.Entity(r.Id)).Sum(e => (long)e.Value * left.GetValueOrDefault(e.Key));
        bool IsTrue(RecordPair p) => FebrlDataSet.Entity(tables.Left[p.Left].Id) == FebrlDataSet.Entity(tables.Right[p.Right].Id);
        var merged = candidates.Where(c => c.Decision == MatchDecision.AutoMerge).ToList();
        return new PairwiseQuality(truePairs, blocking.Pairs.Count, blocking.Pairs.Count(IsTrue), merged.Count, merged.Count(c => IsTrue(c.Pair)));
    }

    private static string? Prefix(string? value, int length) => value is null ? null : value[..Math.Min(length, value.Length)];

    private static string? Join(string? a, string? b) => a is null || b is null ? null : a + "|" + b;
}
