using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>mostFrequent: the value of the most events, from a bounded histogram per person; any order, and merges, give the same.</summary>
public sealed partial class TraitSurvivorshipTests
{
    private static readonly IdentityRules CityByFrequency = Rules("""[{"name":"city","survivorship":"mostFrequent"}]""");
    private static readonly Identifier U1 = new(IdentifierTypes.UserId, "U1");
    private static readonly string[] Cities = ["上海", "北京", "杭州", "Shanghai", "shanghai"];

    private static CollectedMessage City(int minute, string city, string source = "app") =>
        Identify("U1", source, minute, $$"""{"city":"{{city}}"}""", $"{source}-{minute}-{city}");

    private static string? City(IReadOnlyDictionary<string, TraitValue> traits) => traits["city"].Value.GetString();

    private static ProfileGraph FoldAt(IdentityRules rules, IEnumerable<(long Position, CollectedMessage Message)> events)
    {
        var graph = new ProfileGraph(rules);
        foreach (var (position, message) in events)
        {
            graph.Apply(message, position, new List<PersonMerge>());
        }

        return graph;
    }

    private static PersonSnapshot PersonOf(ProfileGraph graph) => graph.Find(Workspace, graph.FindOwner(Workspace, U1)!.Value)!;

    private static string Counts(PersonSnapshot person) =>
        string.Join(",", person.TraitCounts["city"].Select(c => $"{c.Latest.Value.GetString()}:{c.Count}"));

    [Fact]
    public void MostFrequent_KeepsTheValueOfMostEvents_WithTheProvenanceOfItsLatestEvent()
    {
        List<CollectedMessage> messages = [City(1, "Shanghai"), City(2, "Shanghai", "crm"), City(3, "Shanghai"), City(4, "Beijing"), City(5, "Beijing")];

        var traits = Fold(CityByFrequency, messages);
        var overtaken = Fold(CityByFrequency, [.. messages, City(6, "Beijing"), City(7, "Beijing", "crm")]);

        Assert.Equal("Shanghai", City(traits));
        Assert.Equal((new SourceId("app"), "app-3-Shanghai", 2L, T0.AddMinutes(3)), (traits["city"].Source, traits["city"].MessageId, traits["city"].Position, traits["city"].UpdatedAt));
        Assert.Equal(("Beijing", "crm-7-Beijing", new SourceId("crm")), (City(overtaken), overtaken["city"].MessageId, overtaken["city"].Source));
    }

    [Fact]
    public void MostFrequent_OnATie_KeepsTheNewestOfTheTiedValues_ByEventTimeThenPosition()
    {
        var byTime = Fold(CityByFrequency, [City(1, "杭州"), City(4, "上海"), City(3, "杭州"), City(2, "上海")]);
        var laterPosition = Fold(CityByFrequency, [City(1, "杭州"), City(1, "上海")]);
        var earlierPosition = Fold(CityByFrequency, [City(1, "上海"), City(1, "杭州")]);

        Assert.Equal(("上海", T0.AddMinutes(4)), (City(byTime), byTime["city"].UpdatedAt));
        Assert.Equal(("上海", "杭州"), (City(laterPosition), City(earlierPosition)));
    }

    [Fact]
    public void MostFrequent_CountsEqualJsonAsOneValue_WithoutTrimmingOrFoldingCase()
    {
        var address = Rules("""[{"name":"address","survivorship":"mostFrequent"}]""");

        var cities = FoldGraph(CityByFrequency, [
            Identify("U1", "app", 1, """{"city":"\u4e0a\u6d77"}"""), Identify("U1", "app", 2, """{"city":"上海"}"""),
            Identify("U1", "app", 3, """{"city":"Shanghai"}"""), Identify("U1", "app", 4, """{"city":"shanghai"}"""), Identify("U1", "app", 5, """{"city":" Shanghai"}"""),
        ]);
        var addresses = Fold(address, [
            Identify("U1", "app", 1, """{"address":{"city":"杭州","street":"文三路"}}"""),
            Identify("U1", "app", 2, """{"address":{ "street":"文三路", "city":"杭州" }}"""),
            Identify("U1", "app", 3, """{"address":{"city":"上海"}}"""),
        ]);

        Assert.Equal("上海", City(PersonOf(cities).Traits));
        Assert.Equal("上海:2, Shanghai:1,shanghai:1,Shanghai:1", Counts(PersonOf(cities)));
        Assert.Equal("杭州", addresses["address"].Value.GetProperty("city").GetString());
    }

    [Fact]
    public void MostFrequent_AnEventCarryingTheTraitInTraitsAndInContext_CountsOnce()
    {
        var context = JsonElement.Parse("""{"traits":{"city":"杭州"}}""");
        var both = City(1, "杭州") with { Context = context };
        var track = City(2, "杭州") with { Type = MessageType.Track, Event = "Product Viewed", Traits = null, Context = context };

        var person = PersonOf(FoldGraph(CityByFrequency, [both, track, City(3, "上海"), City(4, "上海")]));

        Assert.Equal("上海", City(person.Traits));
        Assert.Equal("上海:2,杭州:2", Counts(person));
    }

    [Fact]
    public void MostFrequent_KeepsAtMost32ValuesPerTrait_AndAValueThatKeepsComingStillWins()
    {
        List<CollectedMessage> favourite = [City(0, "杭州西湖店"), City(1, "杭州西湖店"), City(2, "杭州西湖店")];
        var oneOffs = Enumerable.Range(3, 40).Select(i => City(i, $"store{i}")).ToList();
        var moved = Enumerable.Range(50, 4).Select(i => City(i, "上海徐汇店")).ToList();

        var before = PersonOf(FoldGraph(CityByFrequency, [.. favourite, .. oneOffs]));
        var after = PersonOf(FoldGraph(CityByFrequency, [.. favourite, .. oneOffs, .. moved]));

        Assert.Equal(("杭州西湖店", TraitHistogram.Capacity), (City(before.Traits), before.TraitCounts["city"].Count));
        Assert.Equal(("上海徐汇店", 4L, TraitHistogram.Capacity), (City(after.Traits), after.TraitCounts["city"][0].Count, after.TraitCounts["city"].Count));
    }

    [Fact]
    public void MostFrequent_FromARulesChange_CountsOnlyLaterEvents_AndAnotherRuleEndsTheCounting()
    {
        var graph = new ProfileGraph();
        var position = 0L;
        void Send(CollectedMessage message) => graph.Apply(message, position++, new List<PersonMerge>());
        Send(City(1, "上海"));
        Send(City(2, "上海"));

        graph.SetRules(Workspace, CityByFrequency);
        Send(City(3, "北京"));
        var counted = PersonOf(graph);
        graph.SetRules(Workspace, IdentityRules.Default);
        Send(City(4, "杭州"));

        Assert.Equal(("北京", "北京:1"), (City(counted.Traits), Counts(counted)));
        Assert.Equal("杭州", City(PersonOf(graph).Traits));
        Assert.Empty(PersonOf(graph).TraitCounts);
    }

    [Fact]
    public void MostFrequent_OtherTraits_KeepNoHistogram()
    {
        var person = PersonOf(FoldGraph(CityByFrequency, [Identify("U1", "app", 1, """{"name":"王芳","tier":"gold"}""")]));

        Assert.Empty(person.TraitCounts);
        Assert.Equal(2, person.Traits.Count);
    }

    /// <summary>
    /// Any arrival order of the same events (each at its own log position) gives the same value, provenance and counts,
    /// and they are a brute-force reference's: the value of the most events, on a tie the newest; its latest event's provenance.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool MostFrequent_AnyOrderOfTheSameEvents_GivesTheReferencesValueAndProvenance(int seed)
    {
        var events = CityEvents(seed);
        var shuffled = events.ToArray();
        new Random(seed).Shuffle(shuffled);

        var expected = Reference(events);

        return Describe(PersonOf(FoldAt(CityByFrequency, events))) == expected && Describe(PersonOf(FoldAt(CityByFrequency, shuffled))) == expected;
    }

    /// <summary>Events split between two persons that a later event merges: the histograms add up to the fold of all the events as one person.</summary>
    [Property(MaxTest = 300)]
    public bool MostFrequent_MergingTwoPersons_EqualsFoldingTheUnion(int seed)
    {
        var events = CityEvents(seed);
        var random = new Random(~seed);
        var split = events.Select(e => random.Next(2) == 0 ? e : (e.Position, e.Message with { UserId = null, AnonymousId = "d1" })).ToArray();
        random.Shuffle(split);
        var link = Identify("U1", "app", 0, "{}", "login") with { Type = MessageType.Track, Event = "Login", AnonymousId = "d1", Traits = null };

        var merged = FoldAt(CityByFrequency, [.. split, (1_000, link)]);

        return PersonOf(merged).EventCount == events.Count + 1 && Describe(PersonOf(merged)) == Reference(events);
    }

    /// <summary>Up to 30 events of user U1 at distinct log positions, over a few cities, minutes and sources (ties included); some also carry context.traits.</summary>
    private static List<(long Position, CollectedMessage Message)> CityEvents(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, random.Next(1, 31)).Select(i =>
        {
            var city = Cities[random.Next(Cities.Length)];
            var message = Identify("U1", $"src{random.Next(3)}", random.Next(10), $$"""{"city":"{{city}}"}""", $"e{i}");
            return ((long)i, random.Next(4) == 0 ? message with { Context = JsonElement.Parse($$$"""{"traits":{"city":"{{{city}}}"}}""") } : message);
        })];
    }

    private static string Describe(PersonSnapshot person)
    {
        var city = person.Traits["city"];
        return $"{city.Value.GetString()} {city.UpdatedAt:O} {city.Source} {city.MessageId} {city.Position} | " +
            string.Join(",", person.TraitCounts["city"].Select(c => $"{c.Latest.Value.GetString()}:{c.Count}@{c.Latest.Position}").Order(StringComparer.Ordinal));
    }

    private static string Reference(IEnumerable<(long Position, CollectedMessage Message)> events)
    {
        var counts = events
            .GroupBy(e => e.Message.Traits!.Value.GetProperty("city").GetString()!, StringComparer.Ordinal)
            .Select(g => (City: g.Key, Count: g.Count(), Latest: g.MaxBy(e => (e.Message.Timestamp, e.Position))))
            .ToList();
        var winner = counts.OrderByDescending(c => c.Count).ThenByDescending(c => (c.Latest.Message.Timestamp, c.Latest.Position)).First().Latest;
        var m = winner.Message;
        return $"{m.Traits!.Value.GetProperty("city").GetString()} {m.Timestamp:O} {m.SourceId} {m.MessageId} {winner.Position} | " +
            string.Join(",", counts.Select(c => $"{c.City}:{c.Count}@{c.Latest.Position}").Order(StringComparer.Ordinal));
    }
}
