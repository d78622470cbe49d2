using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Tests.Audiences;

/// <summary>Hostile text in every slot of a condition — names, values, paths, the workspace — is data: the store stays whole and the answer is right.</summary>
public sealed class AudienceSqlInjectionTests : AudienceStoreFixture
{
    public static TheoryData<string> Hostile() =>
    [
        "'; DROP TABLE persons; --",
        "\"; DROP TABLE persons; --",
        "\\' OR 1=1 --",
        "$1",
        "$ws",
        "a/b~c",
        "') OR ('1'='1",
        "上海\u202E😀\\n",
        "x' || (SELECT count(*) FROM persons) || '",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileText_InEverySlot_IsData(string text)
    {
        var quoted = JsonSerializer.Serialize(text);
        var properties = $$"""{{{quoted}}: {{quoted}}, "total": 5}""";
        var traits = $$"""{{{quoted}}: {{quoted}}}""";
        var holder = Person(text, traits, [Event(text, 1, properties)], new Dictionary<string, string?> { [text] = text }, new HashSet<string> { text });
        var other = Person("other", """{"city": "x"}""", [Event("A", 1)]);
        var computed = new ComputedTraitDefinition(text, AggregateFunction.MostFrequent, new EventFilter(MessageType.Track, [text], []),
            ValuePath.Parse("properties." + text.Replace(".", "", StringComparison.Ordinal)), null);
        var definitions = new ProfileDefinitions(1, [computed], new TagCatalog([], []));
        var value = JsonSerializer.SerializeToElement(text);
        var property = text.Replace(".", "", StringComparison.Ordinal);
        Condition condition = new AllCondition(
        [
            new FactCondition(new FactRef(FactSource.Trait, text), ConditionOp.Eq, value),
            new FactCondition(new FactRef(FactSource.Trait, text), ConditionOp.In, JsonSerializer.SerializeToElement(new[] { text, "x" })),
            new FactCondition(new FactRef(FactSource.Trait, text), ConditionOp.Contains, value),
            new FactCondition(new FactRef(FactSource.Computed, text), ConditionOp.Eq, value),
            new TagReferenceCondition(text, ConditionOp.Eq, [text]),
            new SegmentReferenceCondition(text),
            new EventCondition(new EventFilter(MessageType.Track, [text], [new PropertyCondition(property, ConditionOp.Eq, value)]),
                AggregateFunction.Sum, ValuePath.Parse("properties.total"), ConditionOp.Eq, 5, null),
            new SequenceCondition([EventFilter.Track(text), EventFilter.Track(text)], true, TimeSpan.FromHours(1), null),
        ]);
        var persons = Count("persons");

        var members = await MembersAsync(condition, [holder, other], definitions, workspace: new WorkspaceId(text));

        Assert.Equal([text], members);
        Assert.Equal(persons + 2, Count("persons"));
        Assert.True(Count("events") >= 2);
    }
}
