using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Identity;

/// <summary>Workspace rules as data: validation names the field; overrides, custom types, windows and scopes take effect.</summary>
public sealed class IdentityRulesSpecTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static IdentityRules Valid(string json) =>
        IdentityRulesSpec.FromJson(json).Validate(out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));

    [Theory]
    [InlineData("""{"types":[{"name":"Bad Name"}]}""", "types[0].name")]
    [InlineData("""{"types":[{"name":"phone"},{"name":"phone"}]}""", "types[1].name")]
    [InlineData("""{"types":[{"name":"cookie","window":"7x"}]}""", "types[0].window")]
    [InlineData("""{"types":[{"name":"cookie","window":"0d"}]}""", "types[0].window")]
    [InlineData("""{"types":[{"name":"cookie","normalization":"soundex"}]}""", "types[0].normalization")]
    [InlineData("""{"types":[{"name":"cookie","priority":0}]}""", "types[0].priority")]
    [InlineData("""{"types":[{"name":"cookie","maxPerPerson":-1}]}""", "types[0].maxPerPerson")]
    [InlineData("""{"types":[{"name":"cookie","blockedPatterns":["ok","(unclosed"]}]}""", "types[0].blockedPatterns[1]")]
    [InlineData("""{"maxMergesPerPerson":0}""", "maxMergesPerPerson")]
    [InlineData("""{"quarantine":{"maxMerges":-1}}""", "quarantine.maxMerges")]
    [InlineData("""{"quarantine":{"maxMerges":20,"window":"1w"}}""", "quarantine.window")]
    [InlineData("""{"quarantine":{"window":"0h"}}""", "quarantine.window")]
    public void InvalidSpecs_NameTheField(string json, string field)
    {
        Assert.Null(IdentityRulesSpec.FromJson(json).Validate(out var errors));
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void Spec_OverridesBuiltIns_AddsCustomTypes_AndKeepsTheRest()
    {
        var rules = Valid("""
            {"maxMergesPerPerson": 20, "types": [
              {"name": "phone", "maxPerPerson": 2, "blockedValues": ["138 0000 0000"]},
              {"name": "crm_number", "priority": 2, "maxPerPerson": 1, "normalization": "uppercase"},
              {"name": "anonymous_id", "maxPerPerson": 0}]}
            """);

        Assert.Equal(2, rules.Definition("phone").MaxPerPerson);
        Assert.True(rules.Definition("phone").RequiresTrustedSource);
        Assert.Null(rules.Create("phone", "+86 13800000000"));
        Assert.Equal(new Identifier("crm_number", "C-77A"), rules.Create("crm_number", " c-77a "));
        Assert.Equal(2, rules.Definition("crm_number").Priority);
        Assert.Null(rules.Definition("anonymous_id").MaxPerPerson);
        Assert.Equal(1, rules.Definition("user_id").MaxPerPerson);
        Assert.Equal(20, rules.MaxMergesPerPerson);
        Assert.Equal(1_000, rules.MaxIdentifiersPerPerson);
    }

    [Fact]
    public void Spec_RoundTripsThroughJson()
    {
        var json = """{"maxIdentifiersPerPerson":500,"types":[{"name":"cookie","maxPerPerson":5,"window":"7d","blockedPatterns":["^test"]}]}""";

        Assert.Equal(json, IdentityRulesSpec.FromJson(json).ToJson());
    }

    [Fact]
    public void Quarantine_DefaultsToTwentyMergesADay_UnsetFieldsKeepTheDefault_AndZeroTurnsItOff()
    {
        Assert.Equal(new MergeFanOutLimit(20, TimeSpan.FromDays(1)), Valid("{}").MergeFanOut);
        Assert.Equal(new MergeFanOutLimit(20, TimeSpan.FromHours(6)), Valid("""{"quarantine":{"window":"6h"}}""").MergeFanOut);
        Assert.Equal(new MergeFanOutLimit(5, TimeSpan.FromDays(1)), Valid("""{"quarantine":{"maxMerges":5}}""").MergeFanOut);
        Assert.Null(Valid("""{"quarantine":{"maxMerges":0}}""").MergeFanOut);
    }

    [Fact]
    public void Quarantine_RoundTripsThroughJson()
    {
        var json = """{"maxMergesPerPerson":50,"quarantine":{"maxMerges":8,"window":"12h"}}""";

        Assert.Equal(json, IdentityRulesSpec.FromJson(json).ToJson());
        Assert.Equal(new MergeFanOutLimit(8, TimeSpan.FromHours(12)), Valid(json).MergeFanOut);
    }

    [Theory]
    [InlineData("7d")]
    [InlineData("36h")]
    [InlineData("90m")]
    [InlineData("1d")]
    public void Windows_FormatAsTheyParse(string text) => Assert.Equal(text, IdentityRulesSpec.FormatWindow(IdentityRulesSpec.ParseWindow(text)!.Value));

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    public void Windows_Parse(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), IdentityRulesSpec.ParseWindow(text));

    private static CollectedMessage Message(int day, string userId, string anonymousId, int n) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("app"), MessageId = $"m{n}", Type = MessageType.Track, Event = "E",
        UserId = userId, AnonymousId = anonymousId, Timestamp = T0.AddDays(day), ReceivedAt = T0.AddDays(day),
    };

    [Fact]
    public void WindowedLimit_CountsOnlyIdentifiersFirstSeenWithinTheWindow()
    {
        var graph = new ProfileGraph();
        graph.SetRules(Workspace, Valid("""{"types":[{"name":"anonymous_id","maxPerPerson":2,"window":"7d"}]}"""));
        var person = graph.Apply(Message(0, "M1", "c1", 0), 0, []);
        graph.Apply(Message(1, "M1", "c2", 1), 1, []);

        graph.Apply(Message(2, "M1", "c3", 2), 2, []);
        graph.Apply(Message(9, "M1", "c4", 3), 3, []);

        Assert.Null(graph.FindOwner(Workspace, new Identifier("anonymous_id", "c3")));
        Assert.Equal(person, graph.FindOwner(Workspace, new Identifier("anonymous_id", "c4")));
        Assert.Equal(person, graph.FindOwner(Workspace, new Identifier("anonymous_id", "c1")));
    }

    [Fact]
    public void WorkspaceRules_ApplyToTheirWorkspaceOnly()
    {
        var graph = new ProfileGraph();
        graph.SetRules(new WorkspaceId("other"), Valid("""{"types":[{"name":"anonymous_id","maxPerPerson":1}]}"""));

        graph.Apply(Message(0, "M1", "c1", 0), 0, []);
        graph.Apply(Message(1, "M1", "c2", 1), 1, []);

        Assert.NotNull(graph.FindOwner(Workspace, new Identifier("anonymous_id", "c2")));
    }

    [Fact]
    public void ScopedOpenIds_AreQualifiedByTheirAppId()
    {
        var context = JsonElement.Parse("""
            {"externalIds":[
              {"id":"oABC","type":"wechat_openid","collection":"users","appId":"wx_mini"},
              {"id":"oABC","type":"wechat_openid","collection":"users","scope":"wx_oa"},
              {"id":"oXYZ","type":"wechat_openid","collection":"users"},
              {"id":"wmEXT","type":"wecom_external_userid","corpId":"ww_corp"}]}
            """);
        var message = Message(0, "M1", "c1", 0) with { Context = context };

        var found = IdentifierExtractor.Extract(message, IdentityRules.Default).Select(i => i.ToString()).ToList();

        Assert.Contains("wechat_openid:wx_mini/oABC", found);
        Assert.Contains("wechat_openid:wx_oa/oABC", found);
        Assert.Contains("wechat_openid:oXYZ", found);
        Assert.Contains("wecom_external_userid:ww_corp/wmEXT", found);
    }
}
