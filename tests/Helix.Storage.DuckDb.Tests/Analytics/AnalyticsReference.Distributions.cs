using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

internal static partial class AnalyticsReference
{
    /// <summary>The values by the definition, then the summary, quantiles and bins computed plainly over the sorted list.</summary>
    public static DistributionResult Distribution(IReadOnlyList<WorldPerson> persons, DistributionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var matching = Rows(persons, query.Segment, definitions, now)
            .Where(r => query.Event.Matches(r.Message) && range.Contains(range.Day(r.Message.Timestamp)))
            .ToList();
        var values = query.Property is { } property
            ? matching.Select(r => Number(Property(r.Message, property))).OfType<decimal>().Select(d => (double)d).ToList()
            : [.. matching.GroupBy(r => r.Person.Id).Select(g => (double)g.Count())];
        if (values.Count == 0)
        {
            return DistributionResult.Empty;
        }

        values.Sort();
        var (min, max) = (values[0], values[^1]);
        var width = DistributionResult.Width(min, max, query.Bins, query.PerPerson);
        var binCount = DistributionResult.BinCount(min, max, query.Bins, query.PerPerson);
        var counts = new long[binCount];
        foreach (var value in values)
        {
            counts[max == min ? 0 : Math.Min((int)Math.Floor((value - min) / width), binCount - 1)]++;
        }

        return new DistributionResult(values.Count, min, max, values.Average(),
            [.. DistributionQuery.Quantiles.Select(q => new DistributionQuantile(q, Quantile(values, q)))],
            [.. counts.Select((c, i) => new DistributionBin(min + (i * width), min + ((i + 1) * width), c))]);
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var (below, above) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
