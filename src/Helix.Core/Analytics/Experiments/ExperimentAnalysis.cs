namespace Helix.Core.Analytics.Experiments;

/// <summary>Turns per-arm, per-day moments into the readout: every statistic of docs/experiments.md.</summary>
public static class ExperimentAnalysis
{
    /// <summary>Mixing scale of the sequential test without a minimum detectable effect: this share of the control's mean.</summary>
    public const double DefaultTauShare = 0.1;

    public static ExperimentResult Analyze(ExperimentQuery query, ExperimentData data)
    {
        var arms = Arms(query, data.Rows);
        var listed = arms.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var rows = data.Rows.Where(r => listed.Contains(r.Arm)).ToList();
        var unlisted = data.Rows.Where(r => !listed.Contains(r.Arm)).Sum(r => r.Moments.N);
        var totals = arms.ToDictionary(a => a.Name, a => Total(rows.Where(r => r.Arm == a.Name)), StringComparer.Ordinal);
        var conversions = arms.ToDictionary(a => a.Name, a => rows.Where(r => r.Arm == a.Name).Sum(r => r.Conversions), StringComparer.Ordinal);
        var control = totals.GetValueOrDefault(query.Control);
        var controlConversions = conversions.GetValueOrDefault(query.Control);
        var cuped = query.CupedDays is null ? null : Cuped.Of(Total(rows));
        var tau = Tau(query, control);
        var weightSum = arms.Sum(a => a.Weight);

        var results = arms.Select(arm =>
        {
            var m = totals[arm.Name];
            var c = conversions[arm.Name];
            var comparison = arm.Name == query.Control ? null : Compare(query, rows, arm.Name, m, c, control, controlConversions, cuped, tau);
            return new ArmResult(arm.Name, arm.Weight / weightSum, m.N, c, m.N == 0 ? 0 : (double)c / m.N, m.MeanY, Math.Sqrt(m.VarianceY), cuped?.Mean(m), comparison);
        }).ToList();

        var table = new long[arms.Count, 2];
        for (var i = 0; i < arms.Count; i++)
        {
            table[i, 0] = conversions[arms[i].Name];
            table[i, 1] = totals[arms[i].Name].N - table[i, 0];
        }

        var srm = ChiSquareTest.GoodnessOfFit([.. arms.Select(a => totals[a.Name].N)], [.. arms.Select(a => a.Weight)]);
        return new ExperimentResult(
            query.Control,
            query.Metric ?? "conversion",
            results,
            data.ExcludedPersons,
            unlisted,
            ChiSquareTest.Independence(table),
            srm is null ? null : new SampleRatioCheck(srm, srm.PValue < ExperimentQuery.SampleRatioThreshold),
            SampleSizeFor(query, control, controlConversions),
            cuped is null ? null : new CupedSummary(query.CupedDays!.Value, cuped.Theta, cuped.VarianceReduction));
    }

    /// <summary>The listed arms, or every arm seen (control first, then by name) weighted equally.</summary>
    private static List<ExperimentArm> Arms(ExperimentQuery query, IReadOnlyList<ArmDay> rows)
    {
        if (query.Arms.Count > 0)
        {
            return [.. query.Arms];
        }

        var names = rows.Select(r => r.Arm).Append(query.Control).Distinct(StringComparer.Ordinal)
            .OrderBy(n => n != query.Control).ThenBy(n => n, StringComparer.Ordinal).Take(ExperimentQuery.MaxArms);
        return [.. names.Select(n => new ExperimentArm(n, null, 1))];
    }

    private static ArmComparison Compare(
        ExperimentQuery query, List<ArmDay> rows, string arm, Moments m, long c, Moments control, long controlConversions, Cuped? cuped, double? tau)
    {
        var conversion = ProportionComparison.Compare(c, m.N, controlConversions, control.N, query.Alpha);
        var metric = query.Metric is null ? null : WelchTest.Compare(m, control, query.Alpha);
        var adjusted = cuped?.Compare(m, control, query.Alpha);
        var sequential = tau is { } t ? Sequential(query, rows, arm, t) : null;
        var p = query.Metric is null ? conversion?.PValue : metric?.PValue;
        return new ArmComparison(conversion, metric, adjusted, sequential, p < query.Alpha);
    }

    /// <summary>Daily looks: each exposure day adds its persons (with their whole outcome) to both arms' running moments.</summary>
    private static SequentialTest? Sequential(ExperimentQuery query, List<ArmDay> rows, string arm, double tau)
    {
        var days = rows.Where(r => r.Arm == arm || r.Arm == query.Control).GroupBy(r => r.Day).OrderBy(g => g.Key);
        Moments t = default, c = default;
        var looks = new List<(double, double)>();
        foreach (var day in days)
        {
            t += Total(day.Where(r => r.Arm == arm));
            c += Total(day.Where(r => r.Arm == query.Control));
            if (t.N >= 2 && c.N >= 2)
            {
                looks.Add((t.MeanY - c.MeanY, t.VarianceY / t.N + c.VarianceY / c.N));
            }
        }

        if (looks.Count == 0)
        {
            return null;
        }

        var p = MixtureSprt.PValues(looks, tau * tau)[^1];
        return new SequentialTest(p, looks.Count, tau, p < query.Alpha);
    }

    /// <summary>τ: the minimum detectable effect, else a tenth of the control's mean (or standard deviation when the mean is 0).</summary>
    private static double? Tau(ExperimentQuery query, Moments control)
    {
        var tau = query.MinimumDetectableEffect is { } mde ? Math.Abs(mde)
            : control.MeanY != 0 ? DefaultTauShare * Math.Abs(control.MeanY)
            : DefaultTauShare * Math.Sqrt(control.VarianceY);
        return tau > 0 ? tau : null;
    }

    private static double? SampleSizeFor(ExperimentQuery query, Moments control, long controlConversions)
    {
        if (query.MinimumDetectableEffect is not { } mde || control.N == 0)
        {
            return null;
        }

        var n = query.Metric is null
            ? SampleSize.Proportions((double)controlConversions / control.N, mde, query.Alpha, query.Power)
            : SampleSize.Means(Math.Sqrt(control.VarianceY), mde, query.Alpha, query.Power);
        return n is { } v ? Math.Ceiling(v) : null;
    }

    private static Moments Total(IEnumerable<ArmDay> rows) => rows.Aggregate(default(Moments), (sum, r) => sum + r.Moments);
}
