using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Engine.Ingestion;
using Helix.EventLog;
using Helix.Storage.DuckDb;
using Helix.Testing;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>mostFrequent through the real log and store: replays, restarts and splits give the same histograms, and each person's city is the one most of its events carried.</summary>
public sealed class MostFrequentPipelineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Cities = ["上海", "北京", "杭州", "深圳"];

    private static IdentityOperation Operation(string id, IdentityOperationKind kind, PersonId? person = null, Identifier? from = null) =>
        new(id, PipelineHarness.Workspace, kind, person, from, null, null, "key_test", "test", At);

    /// <summary>The harness's messages with a city: identify calls in their traits, some tracks in context.traits, mostly the user's home city.</summary>
    private static List<CollectedMessage> Messages(int count)
    {
        var random = new Random(5);
        return [.. PipelineHarness.Messages(count).Select(m =>
        {
            var home = m.UserId is { } user ? int.Parse(user.AsSpan(1), CultureInfo.InvariantCulture) % Cities.Length : 0;
            var city = Cities[random.Next(3) == 0 ? random.Next(Cities.Length) : home];
            return m.Type switch
            {
                MessageType.Identify => m with { Traits = JsonElement.Parse($$"""{"score":{{m.Traits!.Value.GetProperty("score")}},"city":"{{city}}"}""") },
                MessageType.Track when random.Next(4) == 0 => m with { Context = JsonElement.Parse($$$"""{"traits":{"city":"{{{city}}}"}}""") },
                _ => m,
            };
        })];
    }

    [Fact]
    public async Task ReplaysRestartsAndSplits_GiveTheSameHistograms_AndEachPersonsMostFrequentCity()
    {
        using var directory = new TempDirectory("helix-most-frequent");
        await using var log = EventLog.EventLog.Open(new EventLogOptions(directory.File("log")));
        var writer = new CollectWriter(log);
        var messages = Messages(1_200);
        await writer.WriteAsync(Operation("rules-1", IdentityOperationKind.Rules) with { Rules = """{"traits":[{"name":"city","survivorship":"mostFrequent"}]}""" });
        await writer.WriteAsync(messages[..700]);
        PersonSnapshot target;
        await using (var first = await PipelineHarness.RunAsync(log, directory, "first.duckdb", batchSize: 100))
        {
            target = (await first.LoadAsync(TimeSpan.FromDays(30))).Persons.OrderByDescending(p => p.Identifiers.Count).ThenBy(p => p.Id.Value).First();
        }

        await writer.WriteAsync(Operation("detach-1", IdentityOperationKind.Detach, target.Id, target.Identifiers.First(i => i.Identifier.Type == IdentifierTypes.AnonymousId).Identifier));
        await writer.WriteAsync(messages[700..]);

        await using var live = await PipelineHarness.RunThreeWaysAsync(log, directory, liveBatch: 7, restartBatch: 50, restartEvery: 3);
        Assert.Null((await live.ListOperationsAsync(PipelineHarness.Workspace, 10)).Single(o => o.Operation.OperationId == "detach-1").Rejection);
        var persons = (await live.LoadAsync(TimeSpan.FromDays(30))).Persons.Where(p => p.Traits.ContainsKey("city")).ToList();
        Assert.True(persons.Count > 20, $"{persons.Count} persons have a city");
        Assert.Contains(persons, p => p.TraitCounts["city"].Count > 1);
        foreach (var person in persons)
        {
            Assert.Equal(await MostFrequentCityAsync(live, person.Id), Provenance(person.Traits["city"]));
        }
    }

    private static string Provenance(TraitValue value) => $"{value.Value.GetString()} {value.MessageId} {value.Position}";

    /// <summary>The reference: over the person's stored events, the city carried by the most (once per event), on a tie the newest; with that newest event.</summary>
    private static async Task<string> MostFrequentCityAsync(DuckDbStore store, PersonId person)
    {
        var timeline = await store.GetTimelineAsync(PipelineHarness.Workspace, person, null, 10_000);
        var carried = timeline.Events
            .Select(e => (Event: e, City: (e.Type == MessageType.Identify ? CityOf(e.Traits) : null) ?? CityOf(e.Context, "traits")))
            .Where(e => e.City is not null)
            .GroupBy(e => e.City!, StringComparer.Ordinal)
            .Select(g => (Count: g.Count(), Latest: g.MaxBy(e => (e.Event.Timestamp, e.Event.Position))))
            .OrderByDescending(c => c.Count).ThenByDescending(c => (c.Latest.Event.Timestamp, c.Latest.Event.Position))
            .First().Latest;
        return $"{carried.City} {carried.Event.MessageId} {carried.Event.Position}";
    }

    private static string? CityOf(JsonElement? json, string? within = null) =>
        json is { ValueKind: JsonValueKind.Object } o && (within is null ? o : o.TryGetProperty(within, out var inner) ? inner : default) is { ValueKind: JsonValueKind.Object } traits
        && traits.TryGetProperty("city", out var city) ? city.GetString() : null;
}
