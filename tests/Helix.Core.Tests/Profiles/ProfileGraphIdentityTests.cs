using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>Resolution over every extracted identifier, with per-type limits and blocklists.</summary>
public sealed class ProfileGraphIdentityTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ProfileGraph _graph = new();
    private long _position;

    private PersonId Apply(MessageType type, string? userId = null, string? anonymousId = null, string? traits = null, string? context = null, List<PersonMerge>? merges = null, SourceTrust trust = SourceTrust.Trusted)
    {
        var position = _position++;
        return _graph.Apply(new CollectedMessage
        {
            WorkspaceId = Workspace,
            SourceId = new SourceId("src"),
            SourceTrust = trust,
            MessageId = $"m{position}",
            Type = type,
            UserId = userId,
            AnonymousId = anonymousId,
            Event = type == MessageType.Track ? "E" : null,
            Timestamp = T0.AddMinutes(position),
            ReceivedAt = T0.AddMinutes(position),
            Traits = traits is null ? null : JsonElement.Parse(traits),
            Context = context is null ? null : JsonElement.Parse(context),
        }, position, merges ?? []);
    }

    private PersonId? Owner(string type, string value) => _graph.FindOwner(Workspace, new Identifier(type, value));

    [Fact]
    public void SharedPhone_MergesTwoPersons()
    {
        var pos = Apply(MessageType.Identify, userId: "M1", traits: """{"phone":"13812345678"}""");
        var app = Apply(MessageType.Identify, anonymousId: "device-7", traits: """{"phone":"+86 138 1234 5678"}""");

        Assert.Equal(pos, app);
        Assert.Equal(pos, Owner("anonymous_id", "device-7"));
    }

    [Fact]
    public void UntrustedSourceSendingSomeoneElsesPhone_GluesNobody()
    {
        var member = Apply(MessageType.Identify, userId: "M1", traits: """{"phone":"13812345678"}""");

        var visitor = Apply(MessageType.Identify, anonymousId: "attacker-cookie", traits: """{"phone":"13812345678","email":"x@y.cn"}""", trust: SourceTrust.Untrusted);

        Assert.NotEqual(member, visitor);
        Assert.Equal(member, Owner("phone", "+8613812345678"));
        Assert.Null(Owner("email", "x@y.cn"));
        Assert.Equal("13812345678", _graph.Find(Workspace, visitor)!.Traits["phone"].Value.GetString());
    }

    [Fact]
    public void UntrustedSource_StillStitchesItsOwnLogin()
    {
        var browsing = Apply(MessageType.Page, anonymousId: "ck-1", trust: SourceTrust.Untrusted);

        var login = Apply(MessageType.Identify, userId: "M1", anonymousId: "ck-1", trust: SourceTrust.Untrusted);

        Assert.Equal(browsing, login);
    }

    [Fact]
    public void StoresSharedPhone_DoesNotGlueTwoMembers()
    {
        var alice = Apply(MessageType.Identify, userId: "alice", traits: """{"phone":"13800000000"}""");

        var bob = Apply(MessageType.Identify, userId: "bob", traits: """{"phone":"13800000000"}""");

        Assert.NotEqual(alice, bob);
        Assert.Equal(alice, Owner("phone", "+8613800000000"));
        Assert.Equal(0, _graph.Find(Workspace, bob)!.Identifiers.Count(l => l.Identifier.Type == "phone"));
    }

    [Fact]
    public void SecondPhoneOfAPerson_IsNotLinked()
    {
        var person = Apply(MessageType.Identify, userId: "M1", traits: """{"phone":"13811111111"}""");

        Apply(MessageType.Identify, userId: "M1", traits: """{"phone":"13822222222"}""");

        Assert.Equal(person, Owner("phone", "+8613811111111"));
        Assert.Null(Owner("phone", "+8613822222222"));
    }

    [Fact]
    public void TwoPersonsWithOnePhoneEach_DoNotMergeOverADevice()
    {
        var a = Apply(MessageType.Identify, anonymousId: "d1", traits: """{"phone":"13811111111"}""");
        var b = Apply(MessageType.Identify, anonymousId: "d2", traits: """{"phone":"13822222222"}""");
        var merges = new List<PersonMerge>();

        Apply(MessageType.Identify, anonymousId: "d2", context: """{"externalIds":[{"id":"oUN1","type":"wechat_unionid"}]}""");
        var result = Apply(MessageType.Track, anonymousId: "d1", context: """{"externalIds":[{"id":"oUN1","type":"wechat_unionid"}]}""", merges: merges);

        Assert.NotEqual(a, b);
        Assert.Empty(merges);
        Assert.Equal(b, result); // the union id outranks the device id
        Assert.Equal(a, Owner("anonymous_id", "d1"));
    }

    [Fact]
    public void UnionId_JoinsMiniProgramAndOfficialAccount()
    {
        var miniProgram = Apply(MessageType.Screen, anonymousId: "oMP1", context: """{"externalIds":[{"id":"oUN1","type":"wechat_unionid"},{"id":"oMP1","type":"wechat_openid"}]}""");
        var officialAccount = Apply(MessageType.Track, anonymousId: "oOA1", context: """{"externalIds":[{"id":"oUN1","type":"wechat_unionid"},{"id":"oOA1","type":"wechat_openid"}]}""");

        Assert.Equal(miniProgram, officialAccount);
        Assert.Equal(miniProgram, Owner("wechat_openid", "oOA1"));
    }

    [Fact]
    public void AllZeroIdfa_LinksNobody()
    {
        const string zeros = """{"device":{"type":"ios","advertisingId":"00000000-0000-0000-0000-000000000000"}}""";

        var a = Apply(MessageType.Screen, anonymousId: "install-1", context: zeros);
        var b = Apply(MessageType.Screen, anonymousId: "install-2", context: zeros);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void OneEventMeetingThreePersons_MergesThemIntoTheOldest()
    {
        var oldest = Apply(MessageType.Identify, userId: "M1");
        Apply(MessageType.Identify, anonymousId: "d1", traits: """{"email":"x@y.cn"}""");
        Apply(MessageType.Identify, anonymousId: "d2", context: """{"externalIds":[{"id":"tb1","type":"taobao_ouid"}]}""");
        var merges = new List<PersonMerge>();

        var result = Apply(MessageType.Identify, userId: "M1", anonymousId: "d1",
            traits: """{"email":"x@y.cn"}""", context: """{"externalIds":[{"id":"tb1","type":"taobao_ouid"}]}""", merges: merges);

        Assert.Equal(oldest, result);
        Assert.Equal(2, merges.Count);
        Assert.All(merges, m => Assert.Equal(oldest, m.Survivor));
        Assert.Equal(1, _graph.PersonCount);
        Assert.Equal(oldest, Owner("anonymous_id", "d2"));
    }

    [Fact]
    public void LimitOfThreeEmails_KeepsTheFirstThree()
    {
        foreach (var email in new[] { "a@x.cn", "b@x.cn", "c@x.cn", "d@x.cn" })
        {
            Apply(MessageType.Identify, userId: "M1", traits: $$"""{"email":"{{email}}"}""");
        }

        var person = _graph.Find(Workspace, Owner("user_id", "M1")!.Value)!;
        Assert.Equal(["a@x.cn", "b@x.cn", "c@x.cn"], person.Identifiers.Where(l => l.Identifier.Type == "email").Select(l => l.Identifier.Value));
    }

    [Fact]
    public void NewUserOnADeviceOfAnotherUser_GetsTheEventButNotTheDevice()
    {
        var first = Apply(MessageType.Identify, userId: "M1", anonymousId: "family-ipad", traits: """{"phone":"13811111111"}""");

        var second = Apply(MessageType.Identify, userId: "M2", anonymousId: "family-ipad", traits: """{"phone":"13822222222"}""");

        Assert.NotEqual(first, second);
        Assert.Equal(first, Owner("anonymous_id", "family-ipad"));
        Assert.Equal(second, Owner("phone", "+8613822222222"));
    }

    [Fact]
    public void MergeFanOutPastTheCap_QuarantinesThePersonAndFreezesMerges()
    {
        var graph = new ProfileGraph(new IdentityRules(IdentityRules.Default.Types) { MaxMergesPerPerson = 3 });
        var position = 0L;
        PersonId Send(string? userId, string anonymousId) => graph.Apply(new CollectedMessage
        {
            WorkspaceId = Workspace,
            SourceId = new SourceId("src"),
            MessageId = $"q{position}",
            Type = MessageType.Identify,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = T0.AddMinutes(position),
            ReceivedAt = T0.AddMinutes(position),
        }, position++, []);
        for (var i = 0; i < 5; i++)
        {
            Send(null, $"kiosk-{i}");
        }

        var hub = Send("store-kiosk-account", "kiosk-0");
        for (var i = 1; i < 5; i++)
        {
            Send("store-kiosk-account", $"kiosk-{i}");
        }

        var person = graph.Find(Workspace, hub)!;
        Assert.Equal(3, person.MergeCount);
        Assert.NotNull(person.Quarantine);
        Assert.Contains("more than 3 merges", person.Quarantine.Reason, StringComparison.Ordinal);
        Assert.Equal(2, graph.PersonCount);
        Assert.NotEqual(hub, graph.FindOwner(Workspace, new Identifier("anonymous_id", "kiosk-4")));
    }

    [Fact]
    public void IdentifiersPastTheHardCap_AreNotLinked()
    {
        var graph = new ProfileGraph(new IdentityRules(IdentityRules.Default.Types) { MaxIdentifiersPerPerson = 3 });

        var person = graph.Apply(new CollectedMessage
        {
            WorkspaceId = Workspace,
            SourceId = new SourceId("src"),
            MessageId = "cap",
            Type = MessageType.Identify,
            UserId = "M1",
            AnonymousId = "a1",
            Timestamp = T0,
            ReceivedAt = T0,
            Context = JsonElement.Parse("""{"externalIds":[{"id":"x1","type":"crm_a"},{"id":"x2","type":"crm_b"},{"id":"x3","type":"crm_c"}]}"""),
        }, 0, []);

        Assert.Equal(3, graph.Find(Workspace, person)!.Identifiers.Count);
    }
}
