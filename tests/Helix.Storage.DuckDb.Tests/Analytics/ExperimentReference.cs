using System.Text.Json;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// Brute-force experiment data from the persons' raw events, written from docs/experiments.md: each
/// person's arm, outcome and covariate, then moments per arm and exposure day. Events are ordered by timestamp, then
/// by position (the order AudienceWorld writes them).
/// </summary>
internal static class ExperimentReference
{
    private sealed record Event(CollectedMessage Message, long Position)
    {
        public (long, long) Order => (Message.Timestamp.UtcTicks, Position);
    }

    public static ExperimentData Data(IReadOnlyList<WorldPerson> persons, ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var position = 0L;
        var events = persons.ToDictionary(p => p.Id, p => p.Events.Select(m => new Event(m, ++position)).ToList());
        var kept = query.Segment is { } segment ? AudienceWorld.Expected(persons, segment, definitions, now).ToHashSet(StringComparer.Ordinal) : null;
        var assigned = (query.Exposure is null ? Cohorts(persons, query, definitions, now) : Exposed(events, query))
            .Where(a => kept?.Contains(a.Key) ?? true).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var single = assigned.Where(a => a.Value.Arms == 1).ToList();
        var rows = single.Select(a => (a.Value.Arm, a.Value.Day, Outcome: Outcome(events[a.Key], a.Value.Exposure, query)))
            .GroupBy(r => (r.Arm, r.Day))
            .Select(g => new ArmDay(g.Key.Arm, g.Key.Day, g.Count(r => r.Outcome.Converted), Moments.Of(g.Select(r => (r.Outcome.Y, r.Outcome.X)))))
            .ToList();
        return new ExperimentData(rows, assigned.Count(a => a.Value.Arms > 1));
    }

    private static Dictionary<string, (string Arm, DateOnly Day, int Arms, Event? Exposure)> Exposed(Dictionary<string, List<Event>> events, ExperimentQuery query)
    {
        var range = query.Range;
        var result = new Dictionary<string, (string, DateOnly, int, Event?)>(StringComparer.Ordinal);
        foreach (var (person, list) in events)
        {
            var exposures = list.Where(e => query.Exposure!.Event.Matches(e.Message) && range.Contains(range.Day(e.Message.Timestamp)))
                .Select(e => (Event: e, Arm: Arm(e.Message, query.Exposure!.ArmProperty))).Where(e => e.Arm is not null).OrderBy(e => e.Event.Order).ToList();
            if (exposures.Count > 0)
            {
                var first = exposures[0];
                result[person] = (first.Arm!, range.Day(first.Event.Message.Timestamp), exposures.Select(e => e.Arm).Distinct().Count(), first.Event);
            }
        }

        return result;
    }

    private static Dictionary<string, (string Arm, DateOnly Day, int Arms, Event? Exposure)> Cohorts(
        IReadOnlyList<WorldPerson> persons, ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var members = query.Arms.Select(a => (a.Name, Members: AudienceWorld.Expected(persons, a.Segment!, definitions, now).ToHashSet(StringComparer.Ordinal))).ToList();
        return persons.Select(p => (p.Id, Arms: members.Where(m => m.Members.Contains(p.Id)).Select(m => m.Name).Distinct().ToList()))
            .Where(p => p.Arms.Count > 0)
            .ToDictionary(p => p.Id, p => (p.Arms.Min(StringComparer.Ordinal)!, query.Range.From, p.Arms.Count, (Event?)null), StringComparer.Ordinal);
    }

    private static (bool Converted, double Y, double X) Outcome(List<Event> events, Event? exposure, ExperimentQuery query)
    {
        var range = query.Range;
        var matching = events.Where(e => query.Conversion.Matches(e.Message)).ToList();
        List<Event> after, before;
        if (exposure is { } x)
        {
            long t = Micros(x.Message.Timestamp), window = query.WindowDays * 86_400_000_000L, pre = (query.CupedDays ?? 0) * 86_400_000_000L;
            after = [.. matching.Where(e => e.Order.CompareTo(x.Order) > 0 && Micros(e.Message.Timestamp) <= t + window)];
            before = [.. matching.Where(e => e.Order.CompareTo(x.Order) < 0 && Micros(e.Message.Timestamp) >= t - pre)];
        }
        else
        {
            var first = range.From.AddDays(-(query.CupedDays ?? 0));
            after = [.. matching.Where(e => range.Contains(range.Day(e.Message.Timestamp)))];
            before = [.. matching.Where(e => range.Day(e.Message.Timestamp) is var d && d >= first && d < range.From)];
        }

        double Measure(List<Event> list) => query.Metric is { } m ? (double)list.Sum(e => AnalyticsReference.Number(AnalyticsReference.Property(e.Message, m)) ?? 0) : list.Count;
        var y = query.Metric is null ? (after.Count > 0 ? 1 : 0) : Measure(after);
        return (after.Count > 0, y, query.CupedDays is null ? 0 : Measure(before));
    }

    private static string? Arm(CollectedMessage message, string path) => AnalyticsReference.Property(message, path) is { } v
        ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        }
        : null;

    private static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
