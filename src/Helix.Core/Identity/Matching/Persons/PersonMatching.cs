namespace Helix.Core.Identity.Matching.Persons;

/// <summary>
/// Probabilistic matching over a workspace's persons (Fellegi–Sunter, see <see cref="MatchModelEstimator"/>):
/// block on the configured keys, estimate m and u by EM on the candidate pairs, score each pair, and
/// keep the pairs that reach the review threshold. Pure: it proposes; merge operations act.
/// </summary>
public static class PersonMatching
{
    /// <summary>EM needs pairs to learn from; below this there is nothing worth estimating.</summary>
    public const int MinCandidatePairs = 2;

    /// <param name="excluded">
    /// Pairs of identifiers (by <see cref="PersonMatch.AnchorPair"/>) already reviewed: two persons holding
    /// such a pair are not proposed again, whatever their anchors are now.
    /// </param>
    public static PersonMatchResult Run(IReadOnlyList<MatchablePerson> persons, PersonMatchConfig config, IReadOnlySet<(Identifier, Identifier)>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(persons);
        ArgumentNullException.ThrowIfNull(config);
        var records = persons.Select((p, i) => new MatchRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [.. config.Fields.Select(f => p.Traits.GetValueOrDefault(f.Name))])).ToList();
        var tables = MatchTables.Dedupe(records);
        var blocking = Blocking.CandidatePairs(tables, [.. config.Blocking.Select(r => r.ToBlockingRule())], config.MaxBlockSize);
        if (blocking.Pairs.Count < MinCandidatePairs)
        {
            return new PersonMatchResult(persons.Count, blocking, null, []);
        }

        var estimate = MatchModelEstimator.Estimate(config.Fields, tables, blocking.Pairs);
        var reviewed = ReviewedPairs(persons, excluded);
        var matches = new List<PersonMatch>();
        foreach (var candidate in Matcher.Classify(estimate.Model, tables, blocking.Pairs, config.Thresholds))
        {
            var (left, right) = (persons[candidate.Pair.Left], persons[candidate.Pair.Right]);
            if (reviewed.Contains((candidate.Pair.Left, candidate.Pair.Right)))
            {
                continue;
            }

            var evidence = Matcher.Explain(estimate.Model, records[candidate.Pair.Left], records[candidate.Pair.Right]);
            matches.Add(new PersonMatch(left, right, candidate.Score, estimate.Model.MatchProbability(candidate.Score), candidate.Decision, evidence));
        }

        // Strongest first: when the merges run, the surest pairs are joined before the doubtful ones.
        matches.Sort((a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0
            ? byScore
            : string.CompareOrdinal(a.Left.Id.Value + a.Right.Id.Value, b.Left.Id.Value + b.Right.Id.Value));
        return new PersonMatchResult(persons.Count, blocking, estimate, matches);
    }

    /// <summary>The excluded identifier pairs as pairs of positions in <paramref name="persons"/>, lower first.</summary>
    private static HashSet<(int, int)> ReviewedPairs(IReadOnlyList<MatchablePerson> persons, IReadOnlySet<(Identifier, Identifier)>? excluded)
    {
        var pairs = new HashSet<(int, int)>();
        if (excluded is not { Count: > 0 })
        {
            return pairs;
        }

        var owners = new Dictionary<Identifier, int>();
        for (var i = 0; i < persons.Count; i++)
        {
            foreach (var identifier in persons[i].Identifiers)
            {
                owners[identifier] = i;
            }
        }

        foreach (var (a, b) in excluded)
        {
            if (owners.TryGetValue(a, out var i) && owners.TryGetValue(b, out var j) && i != j)
            {
                pairs.Add((Math.Min(i, j), Math.Max(i, j)));
            }
        }

        return pairs;
    }
}

/// <summary>What a run found: the pairs at or above the review threshold, and how (blocking, the estimated model).</summary>
/// <param name="Estimate">Null when blocking found too few pairs to estimate a model.</param>
public sealed record PersonMatchResult(int Persons, BlockingResult Blocking, MatchModelEstimate? Estimate, IReadOnlyList<PersonMatch> Matches);
