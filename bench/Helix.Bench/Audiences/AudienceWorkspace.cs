using System.Globalization;
using DuckDB.NET.Data;
using Helix.Bench.Tags;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Bench.Audiences;

/// <summary>
/// The tags workload (<see cref="TagsWorkload"/>) written straight into a Helix store's tables with the DuckDB appender,
/// in the shape the pipeline writes them: one <c>events</c> row per message (properties, traits and context as JSON), one
/// <c>persons</c> row per customer (identify traits, first and last seen, event count), and a <c>person_facts</c> row
/// with the tags the demo definitions give (computed by the <c>tags</c> benchmark's SQL, which agrees with Helix's
/// recompute tag value by tag value). Pushing 10⁷ events through the server would take hours on two cores
/// (<c>tags-live</c>: ~4,500 events/s with definitions); the audience queries only read these tables.
/// </summary>
internal static class AudienceWorkspace
{
    public static readonly WorkspaceId Workspace = new("bench");

    public static string PersonId(int person) => string.Create(CultureInfo.InvariantCulture, $"p{person:D8}");

    /// <summary>Writes the workload into the store at <paramref name="storePath"/>, whose schema the store has created.</summary>
    public static void Load(string storePath, TagsWorkload workload)
    {
        using var connection = new DuckDBConnection($"Data Source={storePath}");
        connection.Open();
        var first = new long[workload.Persons.Length];
        var last = new long[workload.Persons.Length];
        var counts = new long[workload.Persons.Length];
        Phase.Run("Store: appending events", workload.Events.Length, done => AppendEvents(connection, workload, first, last, counts, done));
        Phase.Run("Store: appending persons", workload.Persons.Length, done =>
        {
            using var persons = connection.CreateAppender("persons");
            for (var p = 0; p < workload.Persons.Length; p++)
            {
                persons.CreateRow().AppendValue(Workspace.Value).AppendValue(PersonId(p)).AppendValue((long)p + 1)
                    .AppendValue(new DateTime(first[p], DateTimeKind.Utc)).AppendValue(new DateTime(last[p], DateTimeKind.Utc)).AppendValue(counts[p])
                    .AppendValue(workload.Persons[p].Traits.GetRawText()).AppendValue("{}").AppendValue(0)
                    .AppendNullValue().AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
                done(p);
            }
        });

        var tags = new string?[workload.Persons.Length];
        SqlRecompute.Tags(workload, workload.Now, (person, json) => tags[person] = json);
        using var facts = connection.CreateAppender("person_facts");
        for (var p = 0; p < tags.Length; p++)
        {
            facts.CreateRow().AppendValue(Workspace.Value).AppendValue(PersonId(p)).AppendValue("{}").AppendValue("{}").AppendValue(tags[p] ?? "{}").AppendValue((string?)null).EndRow();
        }
    }

    private static void AppendEvents(DuckDBConnection connection, TagsWorkload workload, long[] first, long[] last, long[] counts, Action<long> done)
    {
        var properties = workload.Variants.Variants.Select(v => v.Properties.GetRawText()).ToArray();
        var contexts = workload.Variants.Campaigns.Select(c => c.Context?.GetRawText()).ToArray();
        using var events = connection.CreateAppender("events");
        for (var i = 0; i < workload.Events.Length; i++)
        {
            var e = workload.Events[i];
            var person = workload.Persons[e.Person];
            var variant = e.Variant < 0 ? null : workload.Variants.Variants[e.Variant];
            var at = new DateTime(e.Ticks, DateTimeKind.Utc);
            events.CreateRow().AppendValue(Workspace.Value).AppendValue((long)i + 1).AppendValue(string.Create(CultureInfo.InvariantCulture, $"a{i}"))
                .AppendValue(variant?.Type.ToWire() ?? "identify").AppendValue(variant?.Event).AppendValue(person.UserId).AppendNullValue()
                .AppendValue(PersonId(e.Person)).AppendValue(variant?.Source ?? "crm").AppendNullValue().AppendNullValue()
                .AppendValue(at).AppendNullValue().AppendNullValue().AppendValue(at)
                .AppendValue(variant is null ? null : properties[e.Variant]).AppendValue(variant is null ? person.Traits.GetRawText() : null)
                .AppendValue(contexts[e.Campaign]).AppendNullValue().EndRow();
            first[e.Person] = counts[e.Person] == 0 ? e.Ticks : Math.Min(first[e.Person], e.Ticks);
            last[e.Person] = Math.Max(last[e.Person], e.Ticks);
            counts[e.Person]++;
            done(i);
        }
    }
}
