using Helix.Core.Analytics.Attribution;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// Attribution's paths by brute force from the definitions in docs/attribution.md: per person, events in store order; each
/// conversion whose day is in the range takes the touches after the previous conversion, before it and within the
/// lookback; the touches in the range after the last conversion up to the range's end are the person's non-converting
/// journey. Shares nothing with the SQL but the event filters' own matching.
/// </summary>
internal static class AttributionReference
{
    public static (List<ConversionPath> Conversions, List<Journey> Journeys) Paths(
        IReadOnlyList<WorldPerson> persons, AttributionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var lookback = query.Lookback.Ticks / TimeSpan.TicksPerMicrosecond;
        var conversions = new List<ConversionPath>();
        var journeys = new List<Journey>();
        foreach (var person in AnalyticsReference.Rows(persons, query.Segment, definitions, now).GroupBy(r => r.Person))
        {
            var events = person.OrderBy(r => AnalyticsReference.Micros(r.Message.Timestamp)).ThenBy(r => r.Position)
                .Select(r => (
                    At: AnalyticsReference.Micros(r.Message.Timestamp),
                    Day: range.Day(r.Message.Timestamp),
                    Converts: query.Conversion.Matches(r.Message),
                    Channel: query.Touchpoints.Matches(r.Message) ? AnalyticsReference.ScalarKey(AnalyticsReference.Property(r.Message, query.Dimension)) : "",
                    Value: query.Value is { } v ? AnalyticsReference.Number(AnalyticsReference.Property(r.Message, v)) ?? 0 : 0))
                .ToList();
            var previous = -1;
            for (var i = 0; i < events.Count; i++)
            {
                if (!events[i].Converts)
                {
                    continue;
                }

                if (range.Contains(events[i].Day))
                {
                    var touches = events.Take(i).Skip(previous + 1)
                        .Where(e => !e.Converts && e.Channel.Length > 0 && e.At >= events[i].At - lookback)
                        .Select(e => new Touch(e.Channel, (events[i].At - e.At) / 86_400_000_000.0));
                    conversions.Add(new ConversionPath([.. touches], events[i].Value));
                }

                previous = i;
            }

            var last = events.FindLastIndex(e => e.Converts && e.Day <= range.To);
            var open = events.Skip(last + 1).Where(e => !e.Converts && e.Channel.Length > 0 && range.Contains(e.Day)).Select(e => e.Channel).ToList();
            if (open.Count > 0)
            {
                journeys.Add(new Journey(open, 0, 1));
            }
        }

        return (conversions, journeys);
    }
}
