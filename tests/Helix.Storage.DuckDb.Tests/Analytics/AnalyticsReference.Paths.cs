using Helix.Core.Analytics;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

internal static partial class AnalyticsReference
{
    /// <summary>Each person's path from their first anchor in the range, walked event by event over their sorted history.</summary>
    public static List<RawPath> Paths(IReadOnlyList<WorldPerson> persons, PathsQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var maxGap = query.MaxGap.Ticks / TimeSpan.TicksPerMicrosecond;
        var step = query.Direction == PathDirection.Next ? 1 : -1;
        var paths = new List<(string Anchor, string Events)>();
        foreach (var person in Rows(persons, query.Segment, definitions, now).GroupBy(r => r.Person))
        {
            var events = person.OrderBy(r => Micros(r.Message.Timestamp)).ThenBy(r => r.Position).ToList();
            var anchor = events.FindIndex(r => query.Anchor.Matches(r.Message) && range.Contains(range.Day(r.Message.Timestamp)));
            if (anchor < 0)
            {
                continue;
            }

            var names = new List<string>();
            var last = Micros(events[anchor].Message.Timestamp);
            for (var i = anchor + step; i >= 0 && i < events.Count && names.Count < query.Steps; i += step)
            {
                var message = events[i].Message;
                if (message.Type != MessageType.Track || message.Event is null)
                {
                    continue;
                }

                if (Math.Abs(Micros(message.Timestamp) - last) > maxGap)
                {
                    break;
                }

                names.Add(message.Event);
                last = Micros(message.Timestamp);
            }

            paths.Add((events[anchor].Message.Event!, string.Join('\u0001', names)));
        }

        return [.. paths.GroupBy(p => p).Select(g => new RawPath(g.Key.Anchor, g.Key.Events.Length == 0 ? [] : g.Key.Events.Split('\u0001'), g.Count()))];
    }
}
