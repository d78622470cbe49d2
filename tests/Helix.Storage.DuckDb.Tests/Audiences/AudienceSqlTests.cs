using Helix.Storage.DuckDb.Audiences;
using Helix.Core.ComputedTraits;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;

namespace Helix.Storage.DuckDb.Tests.Audiences;

/// <summary>Each kind of condition compiled to SQL on hand-made persons; every call also checks the in-memory evaluator agrees.</summary>
public sealed class AudienceSqlTests : AudienceStoreFixture
{
    private static readonly WorldPerson[] Traits =
    [
        Person("a", """{"city": "上海", "score": 10, "tier": "金卡", "interests": ["坚果", 3], "vip": true, "zip": "02134", "seen": "2026-01-01T08:00:00+08:00"}"""),
        Person("b", """{"city": "杭州", "score": "12.5", "tier": "普卡", "interests": "坚果礼盒", "vip": false, "zip": 2134, "seen": "2025-12-31"}"""),
        Person("c", """{"city": null, "score": "high"}"""),
        Person("d"),
    ];

    [Theory]
    [InlineData("""trait("city") = "上海" """, "a")]
    [InlineData("""trait("city") != "上海" """, "b")]
    [InlineData("""not trait("city") = "上海" """, "b,c,d")]
    [InlineData("""not trait("city") != "上海" """, "a,c,d")]
    [InlineData("""trait("tier") in ["金卡", "黑金"]""", "a")]
    [InlineData("""trait("tier") not in ["金卡"]""", "b")]
    [InlineData("""trait("interests") contains "坚果" """, "a,b")]
    [InlineData("""trait("interests") contains 3""", "a")]
    [InlineData("""trait("city") exists""", "a,b")]
    [InlineData("""trait("city") not exists""", "c,d")]
    [InlineData("""trait("score") between 10 and 12.5""", "a,b")]
    [InlineData("""trait("score") > 11""", "b")]
    [InlineData("""trait("score") > "a" """, "c")]
    [InlineData("""trait("vip") = true""", "a")]
    [InlineData("""trait("vip") != true""", "b")]
    [InlineData("""trait("zip") = "2134" """, "b")]
    [InlineData("""trait("zip") = 2134""", "a,b")]
    [InlineData("""trait("seen") before 2026-01-01""", "b")]
    [InlineData("""trait("seen") after "2025-12-31T12:00:00+08:00" """, "a")]
    public async Task Traits_CompareAsTagRulesDo(string text, string expected) =>
        Assert.Equal(Split(expected), await MembersAsync(text, Traits));

    [Fact]
    public async Task DerivedTraits_ComeFromTheBirthdayAndThePersonsRow_AndAStoredTraitWins()
    {
        WorldPerson[] persons =
        [
            Person("a", """{"birthday": "1990-11-10"}"""),
            Person("b", """{"birthday": "2000-02-29T00:00:00"}"""),
            Person("c", """{"birthday": "19901231", "age": 99}"""),
            Person("d", """{"birthday": "1800-01-01"}"""),
        ];

        Assert.Equal(["a"], await MembersAsync("""trait("age") = 36""", persons));
        Assert.Equal(["b"], await MembersAsync("""trait("age") = 26 and trait("zodiac") = "pisces" and trait("birthday_month") = 2""", persons));
        Assert.Equal(["c"], await MembersAsync("""trait("age") = 99 and trait("zodiac") = "capricorn" """, persons));
        Assert.Equal(["a", "b", "c"], await MembersAsync("""trait("event_count") = 0 and trait("first_seen") after 2026-10-01 and trait("last_seen") before 2026-11-10""", persons.Take(3).ToList()));
    }

    [Fact]
    public async Task Tags_AreTheStoredTags_AndAMissingTagFailsNe()
    {
        WorldPerson[] persons =
        [
            Person("a", tags: new Dictionary<string, string?> { ["vip"] = null, ["rfm"] = "important_value" }),
            Person("b", tags: new Dictionary<string, string?> { ["rfm"] = "general" }),
            Person("c"),
        ];

        Assert.Equal(["a"], await MembersAsync("""has tag("vip")""", persons));
        Assert.Equal(["a"], await MembersAsync("""tag("rfm") = "important_value" """, persons));
        Assert.Equal(["b"], await MembersAsync("""tag("rfm") != "important_value" """, persons));
        Assert.Equal(["a", "b"], await MembersAsync("""tag("rfm") in ["general", "important_value"]""", persons));
        Assert.Equal(["c"], await MembersAsync("""not tag("rfm") exists""".Replace(" exists", "", StringComparison.Ordinal), persons));
    }

    [Fact]
    public async Task Segments_AreMembership()
    {
        WorldPerson[] persons = [Person("a", segments: new HashSet<string> { "loyal" }), Person("b", segments: new HashSet<string> { "other" }), Person("c")];

        Assert.Equal(["a"], await MembersAsync("""in segment("loyal")""", persons));
        Assert.Equal(["b", "c"], await MembersAsync("""not in segment("loyal")""", persons));
    }

    [Fact]
    public async Task Did_FoldsAsAComputedTrait_CountSumAvgMinMax_AndWindows()
    {
        WorldPerson[] persons =
        [
            Person("a", events: [Event("Order Completed", 1, """{"total": 100}"""), Event("Order Completed", 10, """{"total": "300"}"""), Event("Order Completed", 40, """{"total": 1000}""")]),
            Person("b", events: [Event("Order Completed", 0.1, """{"total": 50, "channel": "天猫"}"""), Event("Product Viewed", 2, """{"category": "snacks"}""")]),
            // Received 15 days after it happened: a late event counts where its timestamp puts it.
            Person("c", events: [Event("Order Completed", 20, """{"total": 70}""", receivedDaysLater: 15)]),
            Person("d"),
        ];

        Assert.Equal(["a", "b", "c"], await MembersAsync("""did("Order Completed", within 30d)""", persons));
        Assert.Equal(["a"], await MembersAsync("""did("Order Completed", count >= 2, within 30d)""", persons));
        Assert.Equal(["d"], await MembersAsync("""did("Order Completed", count = 0, within 30d)""", persons));
        Assert.Equal(["a"], await MembersAsync("""did("Order Completed", sum(total) >= 400, within 30d)""", persons));
        Assert.Equal(["b", "c"], await MembersAsync("""did("Order Completed", sum(total) < 100, within 30d)""", persons));
        Assert.Equal(["a"], await MembersAsync("""did("Order Completed", avg(total) = 200, within 30d)""", persons));
        Assert.Equal(["a"], await MembersAsync("""did("Order Completed", min(total) <= 100) and did("Order Completed", max(total) = 1000)""", persons));
        Assert.Equal(["b"], await MembersAsync("""did("Order Completed" where channel in ["天猫", "京东"])""", persons));
        Assert.Equal(["a", "c"], await MembersAsync("""did("Order Completed", between 2026-10-01 and 2026-10-31)""", persons));
        Assert.Equal(["a", "b"], await MembersAsync("""did(["Order Completed", "Product Viewed"], since 2026-11-09)""", persons));
        Assert.Equal(["a", "c", "d"], await MembersAsync("""not did("Product Viewed" where category = "snacks", within 3d)""", persons));
    }

    [Fact]
    public async Task ComputedTraits_CompileTheirDefinition_ForEveryFunction()
    {
        var orders = EventFilter.Track("Order Completed");
        var total = ValuePath.Parse("properties.total");
        var category = ValuePath.Parse("properties.products[].category");
        var definitions = new ProfileDefinitions(1,
        [
            new ComputedTraitDefinition("orders_30d", AggregateFunction.Count, orders, null, TimeSpan.FromDays(30)),
            new ComputedTraitDefinition("net_spend", AggregateFunction.Sum, orders, total, null, Subtract: EventFilter.Track("Order Refunded")),
            new ComputedTraitDefinition("avg_order", AggregateFunction.Avg, orders, total, null),
            new ComputedTraitDefinition("smallest", AggregateFunction.Min, orders, total, null),
            new ComputedTraitDefinition("largest_12h", AggregateFunction.Max, orders, total, TimeSpan.FromHours(12)),
            new ComputedTraitDefinition("first_category", AggregateFunction.First, orders, category, null),
            new ComputedTraitDefinition("last_order_at", AggregateFunction.Last, orders, null, null),
            new ComputedTraitDefinition("categories", AggregateFunction.DistinctCount, orders, category, null),
            new ComputedTraitDefinition("favourite", AggregateFunction.MostFrequent, orders, category, null),
        ], new TagCatalog([], []));
        WorldPerson[] persons =
        [
            Person("a", events:
            [
                Event("Order Completed", 0.2, """{"total": 100, "products": [{"category": "零食"}, {"category": "饮料"}]}"""),
                Event("Order Completed", 40, """{"total": 300, "products": [{"category": "饮料"}, {"category": "酒"}]}"""),
                Event("Order Refunded", 1, """{"total": 100}"""),
            ]),
            Person("b", events: [Event("Order Completed", 2, """{"total": "50", "products": [{"category": "零食"}]}""")]),
            Person("c"),
        ];

        Assert.Equal(["a", "b"], await MembersAsync("""computed("orders_30d") = 1""", persons, definitions));
        Assert.Equal(["a"], await MembersAsync("""computed("net_spend") = 300 and computed("avg_order") = 200""", persons, definitions));
        Assert.Equal(["b"], await MembersAsync("""computed("smallest") = 50 and computed("largest_12h") not exists""", persons, definitions));
        Assert.Equal(["a"], await MembersAsync("""computed("first_category") = "酒" and computed("categories") = 3 and computed("favourite") = "饮料" """, persons, definitions));
        Assert.Equal(["c"], await MembersAsync("""computed("categories") = 0 and computed("last_order_at") not exists""", persons, definitions));
        Assert.Equal(["a", "b"], await MembersAsync("""computed("last_order_at") after 2026-11-01""", persons, definitions));
    }

    [Fact]
    public async Task UnknownComputedTrait_IsAnErrorNamingIt()
    {
        var condition = new FactCondition(new FactRef(FactSource.Computed, "orders_90d"), ConditionOp.Gte, System.Text.Json.JsonElement.Parse("2"));

        var error = await Assert.ThrowsAsync<AudienceCompileException>(() => Store.MembersAsync(new("ws"), condition, ProfileDefinitions.Empty, Now));

        Assert.Equal("computed(\"orders_90d\")", error.Field);
        Assert.Contains("orders_90d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequences_NeedStrictlyLaterSteps_AndAnAbsenceOnlyAfterItsDeadline()
    {
        WorldPerson[] persons =
        [
            Person("viewed_then_bought", events: [Event("Product Viewed", 5), Event("Order Completed", 4)]),
            Person("viewed_long_ago", events: [Event("Product Viewed", 5)]),
            Person("viewed_an_hour_ago", events: [Event("Product Viewed", 1.0 / 24)]),
            Person("bought_first", events: [Event("Order Completed", 5), Event("Product Viewed", 4)]),
            Person("three_steps", events: [Event("Product Viewed", 6), Event("Added To Cart", 5.5), Event("Order Completed", 5)]),
        ];

        Assert.Equal(["three_steps", "viewed_then_bought"],
            await MembersAsync("""did("Product Viewed") then did("Order Completed") within 3d""", persons));
        Assert.Equal(["bought_first", "viewed_long_ago"],
            await MembersAsync("""did("Product Viewed") then not did("Order Completed") within 3d""", persons));
        Assert.Equal(["three_steps"],
            await MembersAsync("""did("Product Viewed", within 30d) then did("Added To Cart") then did("Order Completed") within 2d""", persons));
        Assert.Equal(["bought_first", "viewed_long_ago"],
            await MembersAsync("""did("Product Viewed", since 2026-11-01) then not did(["Order Completed", "Product Viewed"]) within 2d""", persons));
    }

    [Fact]
    public async Task Count_GivesTheTotalAndTheFirstIdsInOrder()
    {
        var workspace = new Helix.Core.Workspaces.WorkspaceId("counted");
        await MembersAsync("""trait("city") exists""", [Person("z", """{"city": "x"}"""), Person("a", """{"city": "x"}"""), Person("上", """{"city": "x"}"""), Person("m")], workspace: workspace);

        var count = await Store.CountAsync(workspace, new FactCondition(new FactRef(FactSource.Trait, "city"), ConditionOp.Exists, null), ProfileDefinitions.Empty, Now, 2);

        Assert.Equal(3, count.Count);
        Assert.Equal(["a", "z"], count.Sample.Select(p => p.Value));
    }

    [Fact]
    public async Task Audiences_LeaveOutPersonsRefusingProfiling_WhileAnalyticsConditionsKeepThem()
    {
        var workspace = Write([Person("a", """{"city": "x"}"""), Person("b", """{"city": "x"}""")]);
        var refusal = new ConsentStatement(new ConsentTopic(ConsentTopic.Profiling, null), false, Now, "s", "m1", 1);
        var refusing = new PersonFactsSnapshot(workspace, new PersonId("b"), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, HeldTag>())
        {
            Profiling = refusal,
        };
        await Store.CommitAsync(new Helix.Core.Pipeline.PipelineCommit(1, [], [], []) { Facts = new FactsCommit([refusing], [], []) });
        var city = new FactCondition(new FactRef(FactSource.Trait, "city"), ConditionOp.Exists, null);

        Assert.Equal(["a"], (await Store.MembersAsync(workspace, city, ProfileDefinitions.Empty, Now)).Select(p => p.Value));
        Assert.Equal(1, (await Store.CountAsync(workspace, city, ProfileDefinitions.Empty, Now, 10)).Count);
        Assert.Equal(["a", "b"], (await Store.ConditionMembersAsync(workspace, city, ProfileDefinitions.Empty, Now)).Select(p => p.Value));
    }

    private static string[] Split(string members) => members.Length == 0 ? [] : members.Split(',');
}
