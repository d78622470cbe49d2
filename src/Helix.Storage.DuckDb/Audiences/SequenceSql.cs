using Helix.Core.Audiences;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// A sequence as AudienceEvaluator.Sequence decides it, over each step's event times (microseconds, one list per
/// step, gathered in the events aggregate): for some first-step time a in the window, the earliest chain of the
/// present steps (each strictly later than the one before) ends within <c>within</c> of a; for an absent last step,
/// a + within has passed and no last-step event falls after the latest feasible event of the step before it, up to
/// a + within.
/// </summary>
internal static class SequenceSql
{
    public static string Holds(AudienceSql compiler, SequenceCondition sequence)
    {
        var parameters = compiler.Parameters;
        var times = sequence.Steps.Select(step =>
        {
            var matches = EventSql.Matches(parameters, step);
            return compiler.Value($"coalesce({compiler.Column($"list(epoch_us(timestamp) ORDER BY timestamp) FILTER (WHERE {matches})", matches)}, CAST([] AS BIGINT[]))");
        }).ToArray();
        var present = sequence.LastAbsent ? times.Length - 1 : times.Length;
        var a = parameters.Variable();
        var tests = new List<string>();
        if (sequence.Window?.Bounds(compiler.Now) is var (from, until))
        {
            tests.Add($"{a} >= {parameters.Add(FactSql.Micros(from))}");
            if (until is { } u)
            {
                tests.Add($"{a} < {parameters.Add(FactSql.Micros(u))}");
            }
        }

        var end = sequence.Within is { } within ? $"({a} + {parameters.Add(within.Ticks / TimeSpan.TicksPerMicrosecond)})" : null;
        var chain = Chain(parameters, times, present, a);
        tests.Add($"{chain} IS NOT NULL");
        if (end is not null)
        {
            tests.Add($"{chain} <= {end}");
        }

        if (sequence.LastAbsent)
        {
            // Times are whole microseconds: now > end is ceiling(now) > end.
            tests.Add($"{parameters.Add(FactSql.MicrosCeiling(compiler.Now))} > {end}");
            var (x, y) = (parameters.Variable(), parameters.Variable());
            var last = present >= 2
                ? $"list_max(list_filter({times[present - 1]}, lambda {x}: {x} > {Chain(parameters, times, present - 1, a)} AND {x} <= {end}))"
                : a;
            tests.Add($"len(list_filter({times[^1]}, lambda {y}: {y} > {last} AND {y} <= {end})) = 0");
        }

        return $"coalesce(len(list_filter({times[0]}, lambda {a}: coalesce({string.Join(" AND ", tests)}, false))) > 0, false)";
    }

    /// <summary>The time of the earliest chain over the first <paramref name="count"/> steps from <paramref name="first"/>; NULL when none.</summary>
    private static string Chain(SqlParameters parameters, string[] times, int count, string first)
    {
        var at = first;
        for (var step = 1; step < count; step++)
        {
            var t = parameters.Variable();
            at = $"list_min(list_filter({times[step]}, lambda {t}: {t} > {at}))";
        }

        return at;
    }
}
