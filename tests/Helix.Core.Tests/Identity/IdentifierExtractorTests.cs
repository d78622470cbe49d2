using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Identity;

public sealed class IdentifierExtractorTests
{
    private static List<string> Extract(MessageType type, string? userId = null, string? anonymousId = null, string? traits = null, string? context = null) =>
        IdentifierExtractor.Extract(new CollectedMessage
        {
            WorkspaceId = new WorkspaceId("ws"),
            SourceId = new SourceId("src"),
            MessageId = "m",
            Type = type,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = DateTimeOffset.UnixEpoch,
            ReceivedAt = DateTimeOffset.UnixEpoch,
            Traits = traits is null ? null : JsonElement.Parse(traits),
            Context = context is null ? null : JsonElement.Parse(context),
        }, IdentityRules.Default).Select(i => i.ToString()).ToList();

    [Fact]
    public void UserIdAndAnonymousId_AreExtractedStrongestFirst()
    {
        Assert.Equal(["user_id:M1", "anonymous_id:ck-1"], Extract(MessageType.Track, "M1", "ck-1"));
    }

    [Fact]
    public void IdentifyTraits_GivePhoneEmailAndMemberIdNormalised()
    {
        var ids = Extract(MessageType.Identify, "M1", traits: """{"phone":"138 1234 5678","email":"A@X.COM","member_id":"VIP-9","name":"韩梅梅"}""");

        Assert.Equal(["user_id:M1", "member_id:VIP-9", "phone:+8613812345678", "email:a@x.com"], ids);
    }

    [Fact]
    public void TrackTraits_AreNotIdentifiers_ButContextTraitsAre()
    {
        var ids = Extract(MessageType.Track, "M1", traits: """{"phone":"13812345678"}""", context: """{"traits":{"email":"b@y.cn"}}""");

        Assert.Equal(["user_id:M1", "email:b@y.cn"], ids);
    }

    [Theory]
    [InlineData("ios", "idfa:6D92078A-8246-4BA4-AE5B-76104861E7DC")]
    [InlineData("android", "oaid:6D92078A-8246-4BA4-AE5B-76104861E7DC")]
    public void AdvertisingId_DependsOnTheDeviceType(string deviceType, string expected)
    {
        var ids = Extract(MessageType.Screen, anonymousId: "d", context: $$$"""{"device":{"type":"{{{deviceType}}}","advertisingId":"6d92078a-8246-4ba4-ae5b-76104861e7dc"}}""");

        Assert.Contains(expected, ids);
    }

    [Fact]
    public void AllZeroAdvertisingId_IsBlocked()
    {
        var ids = Extract(MessageType.Screen, anonymousId: "d", context: """{"device":{"type":"ios","advertisingId":"00000000-0000-0000-0000-000000000000"}}""");

        Assert.Equal(["anonymous_id:d"], ids);
    }

    [Fact]
    public void ExternalIds_AreExtractedWithTheirTypesIncludingCustomOnes()
    {
        var ids = Extract(MessageType.Track, anonymousId: "oMP1", context: """
            {"externalIds":[
              {"id":"oUN1","type":"wechat_unionid","collection":"users","encoding":"none"},
              {"id":"tb_1","type":"Taobao_OUID"},
              {"id":12345,"type":"crm_number"},
              {"id":"x","type":"bad type!"},
              {"type":"jd_pin"},
              "not an object"
            ]}
            """);

        Assert.Equal(["wechat_unionid:oUN1", "taobao_ouid:tb_1", "anonymous_id:oMP1", "crm_number:12345"], ids);
    }

    [Fact]
    public void InvalidValues_AreDropped()
    {
        var ids = Extract(MessageType.Identify, "M1", traits: """{"phone":"call me","email":"nope","member_id":{"x":1}}""");

        Assert.Equal(["user_id:M1"], ids);
    }

    [Fact]
    public void SameIdentifierTwice_IsExtractedOnce()
    {
        var ids = Extract(MessageType.Identify, "M1", traits: """{"phone":"13812345678"}""", context: """{"traits":{"phone":"+86 138-1234-5678"}}""");

        Assert.Equal(["user_id:M1", "phone:+8613812345678"], ids);
    }

    [Fact]
    public void ConfiguredBlocklist_DropsAStoresSharedPhone()
    {
        var rules = new IdentityRules(IdentityRules.Default.Types.Select(t => t.Name == "phone"
            ? t with { BlockedValues = new HashSet<string> { "+8613800000000" } }
            : t));

        Assert.Null(rules.Create("phone", "13800000000"));
        Assert.Equal(new Identifier("phone", "+8613900000000"), rules.Create("phone", "139 0000 0000"));
    }
}
