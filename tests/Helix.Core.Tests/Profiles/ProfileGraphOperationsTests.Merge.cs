using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;

namespace Helix.Core.Tests.Profiles;

/// <summary>Merge operations: two persons with no shared identifier made one, and how that survives splits and reverts.</summary>
public sealed partial class ProfileGraphOperationsTests
{
    private static readonly Identifier Crm = new("member_id", "M7");

    /// <summary>A store sign-up (member M7) and an app user (c5) with no identifier in common.</summary>
    private (PersonId Store, PersonId App) TwoRecordsOfOneCustomer()
    {
        var store = Apply(MessageType.Identify, anonymousId: "pos-1", traits: """{"member_id":"M7","name":"王芳"}""");
        Apply(MessageType.Track, anonymousId: "pos-1");
        var app = Apply(MessageType.Identify, anonymousId: "c5", traits: """{"name":"王芳","city":"杭州"}""");
        Assert.NotEqual(store, app);
        return (store, app);
    }

    private IdentityOperationPlan Merge(Identifier from, Identifier to) => Run(IdentityOperationKind.Merge, from: from, to: to);

    [Fact]
    public void Merge_JoinsTwoPersons_TheOlderIdSurvives_AndTheLinkIsAsserted()
    {
        var (store, app) = TwoRecordsOfOneCustomer();

        var plan = Merge(Anon("c5"), Crm);

        Assert.Null(plan.Rejection);
        Assert.Equal(store, plan.Joined!.Id);
        Assert.Equal([app, store], plan.Persons.Select(p => p.Id));
        Assert.Equal(store, Owner(Anon("c5")));
        Assert.Equal(3L, Events(store));
        Assert.All(_events, e => Assert.Equal(store, e.Person));
        var link = Assert.Single(_graph.Find(Workspace, store)!.Links, l => l.Kind == IdentityLinkKind.Asserted);
        Assert.Equal(("op0", ProfileGraph.OperationsSource), (link.MessageId, link.SourceId));
        Assert.Null(_graph.Find(Workspace, app));
    }

    [Fact]
    public void Merge_IsRefused_WhenLimitsSeparationsOrTheGraphSayNo()
    {
        var m1 = Apply(MessageType.Identify, userId: "U1");
        var m2 = Apply(MessageType.Identify, userId: "U2");
        var user1 = new Identifier(IdentifierTypes.UserId, "U1");
        var user2 = new Identifier(IdentifierTypes.UserId, "U2");

        Assert.Contains("limit is 1", Merge(user1, user2).Rejection, StringComparison.Ordinal);
        Assert.Contains("belongs to no person", Merge(user1, Anon("nobody")).Rejection, StringComparison.Ordinal);
        Assert.Contains("already one person", Merge(user1, user1).Rejection, StringComparison.Ordinal);
        Assert.NotEqual(Owner(user1), Owner(user2));
        Assert.Equal((m1, m2), (Owner(user1)!.Value, Owner(user2)!.Value));
        Assert.Empty(_graph.Joins.Active);
    }

    [Fact]
    public void Merge_IsRefused_AcrossASeparation()
    {
        var (merged, _) = SharedPhone();
        Run(IdentityOperationKind.Separate, merged, Anon("c1"), Anon("c2"));

        Assert.Contains("keeps these persons apart", Merge(Anon("c1"), Anon("c2")).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_HoldsWhenThePersonIsSplitElsewhere_BecauseTheRefoldAppliesItAgainInPlace()
    {
        var (store, _) = TwoRecordsOfOneCustomer();
        Merge(Anon("c5"), Crm);
        // Later the app user shares a till phone with a stranger, and the phone is detached.
        Apply(MessageType.Identify, anonymousId: "c5", traits: """{"phone":"13812345678"}""");
        var stranger = Apply(MessageType.Identify, anonymousId: "c9", traits: """{"phone":"13812345678"}""");
        Assert.Equal(store, stranger);

        Assert.Null(Run(IdentityOperationKind.Detach, store, Phone).Rejection);

        Assert.Equal(store, Owner(Anon("c5")));
        Assert.Equal(store, Owner(Crm));
        Assert.NotEqual(store, Owner(Anon("c9")));
        Assert.Equal(4L, Events(store));
    }

    [Fact]
    public void Revert_OfAMerge_SplitsThePersonsAgain()
    {
        var (store, _) = TwoRecordsOfOneCustomer();
        Merge(Anon("c5"), Crm);

        var plan = Run(IdentityOperationKind.Revert, reverts: "op0");

        Assert.Null(plan.Rejection);
        Assert.Equal(store, Owner(Crm));
        var app = Owner(Anon("c5"))!.Value;
        Assert.NotEqual(store, app);
        Assert.Equal((2L, 1L), (Events(store), Events(app)));
        Assert.Equal("杭州", _graph.Find(Workspace, app)!.Traits["city"].Value.GetString());
        Assert.Empty(_graph.Joins.Active);
    }

    [Fact]
    public void Codec_RoundTripsAMerge()
    {
        var operation = new IdentityOperation("op1", Workspace, IdentityOperationKind.Merge, null, Anon("c5"), Crm, null, "matcher", "12.5 bits", T0);

        Assert.Equal(operation, IdentityOperationCodec.Decode(IdentityOperationCodec.Encode(operation)));
    }
}
