using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>Which value a trait keeps, and that it remembers who set it.</summary>
public sealed partial class TraitSurvivorshipTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static IdentityRules Rules(string traitsJson) =>
        IdentityRulesSpec.FromJson($$"""{"traits":{{traitsJson}}}""").Validate(out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));

    private static CollectedMessage Identify(string userId, string source, int minute, string traits, string? id = null) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId(source), MessageId = id ?? $"{source}-{minute}", Type = MessageType.Identify,
        UserId = userId, Timestamp = T0.AddMinutes(minute), ReceivedAt = T0.AddMinutes(minute), Traits = JsonElement.Parse(traits),
    };

    /// <summary>Applies the messages in the given order, at positions 0, 1, 2…; returns the traits of user <paramref name="userId"/>'s person.</summary>
    private static IReadOnlyDictionary<string, TraitValue> Fold(IdentityRules rules, IEnumerable<CollectedMessage> messages, string userId = "U1") =>
        TraitsOf(FoldGraph(rules, messages), new Identifier(IdentifierTypes.UserId, userId));

    private static ProfileGraph FoldGraph(IdentityRules rules, IEnumerable<CollectedMessage> messages)
    {
        var graph = new ProfileGraph(rules);
        var position = 0L;
        foreach (var message in messages)
        {
            graph.Apply(message, position++, new List<PersonMerge>());
        }

        return graph;
    }

    private static IReadOnlyDictionary<string, TraitValue> TraitsOf(ProfileGraph graph, Identifier identifier) =>
        graph.Find(Workspace, graph.FindOwner(Workspace, identifier)!.Value)!.Traits;

    private static string? Name(IReadOnlyDictionary<string, TraitValue> traits) => traits["name"].Value.GetString();

    [Fact]
    public void MostRecent_IsTheDefault_AndRemembersWhoSetIt()
    {
        var traits = Fold(IdentityRules.Default, [Identify("U1", "app", 5, """{"name":"Wang"}"""), Identify("U1", "crm", 1, """{"name":"王芳"}""")]);

        Assert.Equal("Wang", Name(traits));
        Assert.Equal((new SourceId("app"), "app-5", 0L, T0.AddMinutes(5)), (traits["name"].Source, traits["name"].MessageId, traits["name"].Position, traits["name"].UpdatedAt));
    }

    [Fact]
    public void SourcePriority_TheCrmBeatsTheAppForTheName_WhateverComesLater()
    {
        var rules = Rules("""[{"name":"name","survivorship":"sourcePriority","sources":["crm","pos"]}]""");

        var traits = Fold(rules, [Identify("U1", "crm", 1, """{"name":"王芳","city":"杭州"}"""), Identify("U1", "app", 9, """{"name":"Wang","city":"上海"}""")]);

        Assert.Equal(("王芳", "上海"), (Name(traits), traits["city"].Value.GetString()));
        Assert.Equal("crm", traits["name"].Source!.Value.Value);
        var newer = Fold(rules, [Identify("U1", "crm", 1, """{"name":"王芳"}"""), Identify("U1", "pos", 5, """{"name":"王 芳"}"""), Identify("U1", "crm", 7, """{"name":"王芳芳"}""")]);
        Assert.Equal("王芳芳", Name(newer));
    }

    [Fact]
    public void FirstSeen_AndNeverOverwrite_KeepTheEarliestEventAndTheFirstWrite()
    {
        var firstSeen = Rules("""[{"name":"signup_channel","survivorship":"firstSeen"}]""");
        var neverOverwrite = Rules("""[{"name":"birthday","survivorship":"neverOverwrite"}]""");

        var late = Identify("U1", "app", 9, """{"signup_channel":"app","birthday":"1990-01-02"}""");
        var early = Identify("U1", "tmall", 1, """{"signup_channel":"tmall","birthday":"1990-02-01"}""");

        Assert.Equal("tmall", Fold(firstSeen, [late, early])["signup_channel"].Value.GetString());
        Assert.Equal("1990-01-02", Fold(neverOverwrite, [late, early])["birthday"].Value.GetString());
        Assert.Equal("1990-02-01", Fold(neverOverwrite, [early, late])["birthday"].Value.GetString());
    }

    [Fact]
    public void AMerge_KeepsTheSameValueWhicheverPersonSurvives()
    {
        var rules = Rules("""[{"name":"name","survivorship":"sourcePriority","sources":["crm"]}]""");
        // The CRM knows member M1 by phone; the app user logs in later with the same phone.
        var crmFirst = FoldGraph(rules, [
            Identify("U1", "crm", 1, """{"name":"王芳","phone":"13812345678"}"""),
            Identify("U2", "app", 2, """{"name":"Fang"}""") with { UserId = null, AnonymousId = "d1" },
            Identify("U2", "app", 3, """{"phone":"13812345678"}""") with { UserId = null, AnonymousId = "d1", SourceTrust = SourceTrust.Trusted },
        ]);
        var appFirst = FoldGraph(rules, [
            Identify("U2", "app", 2, """{"name":"Fang"}""") with { UserId = null, AnonymousId = "d1" },
            Identify("U1", "crm", 1, """{"name":"王芳","phone":"13812345678"}"""),
            Identify("U2", "app", 3, """{"phone":"13812345678"}""") with { UserId = null, AnonymousId = "d1", SourceTrust = SourceTrust.Trusted },
        ]);

        var (member, device) = (new Identifier(IdentifierTypes.UserId, "U1"), new Identifier(IdentifierTypes.AnonymousId, "d1"));
        Assert.All(new[] { crmFirst, appFirst }, graph => Assert.Equal(graph.FindOwner(Workspace, member), graph.FindOwner(Workspace, device)));
        Assert.Equal(("王芳", "王芳"), (Name(TraitsOf(crmFirst, device)), Name(TraitsOf(appFirst, device))));
    }

    [Fact]
    public void MostRecentFirstSeenAndSourcePriority_DoNotDependOnArrivalOrder()
    {
        var messages = Enumerable.Range(0, 8).Select(i => Identify("U1", i % 3 == 0 ? "crm" : "app", (i * 37) % 11, $$"""{"name":"n{{i}}","tier":"t{{i}}","city":"c{{i}}"}""", $"m{i}")).ToList();
        var rules = Rules("""[{"name":"name","survivorship":"sourcePriority","sources":["crm"]},{"name":"tier","survivorship":"firstSeen"}]""");
        var expected = Fold(rules, messages);
        var random = new Random(7);
        for (var run = 0; run < 50; run++)
        {
            var shuffled = messages.OrderBy(_ => random.Next()).ToList();
            var traits = Fold(rules, shuffled);
            Assert.Equal(
                (Name(expected), expected["tier"].Value.GetString(), expected["city"].Value.GetString()),
                (Name(traits), traits["tier"].Value.GetString(), traits["city"].Value.GetString()));
        }
    }

    [Theory]
    [InlineData("""[{"name":"name","survivorship":"loudest"}]""", "traits[0].survivorship")]
    [InlineData("""[{"name":"city","survivorship":"MostFrequent"}]""", "traits[0].survivorship")]
    [InlineData("""[{"name":"name","survivorship":"sourcePriority"}]""", "traits[0].sources")]
    [InlineData("""[{"survivorship":"firstSeen"}]""", "traits[0].name")]
    [InlineData("""[{"name":"a","survivorship":"firstSeen"},{"name":"a","survivorship":"mostRecent"}]""", "traits[1].name")]
    public void Validate_NamesTheBadField(string traits, string field)
    {
        Assert.Null(IdentityRulesSpec.FromJson($$"""{"traits":{{traits}}}""").Validate(out var errors));
        Assert.Contains(errors, e => e.Field == field);
    }
}
