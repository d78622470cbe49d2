using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>Unmerge: separate, detach and revert, and the refold of the persons they touch.</summary>
public sealed partial class ProfileGraphOperationsTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Identifier Phone = new("phone", "+8613812345678");
    private readonly ProfileGraph _graph = new();

    /// <summary>What the store would hold: each event's current owner, following merges and refolds.</summary>
    private readonly List<(long Position, CollectedMessage Message, PersonId Person)> _events = [];
    private int _operations;

    private PersonId Apply(MessageType type, string? userId = null, string? anonymousId = null, string? traits = null)
    {
        var position = (long)_events.Count + _operations;
        var message = new CollectedMessage
        {
            WorkspaceId = Workspace,
            SourceId = new SourceId("crm"),
            MessageId = $"m{position}",
            Type = type,
            UserId = userId,
            AnonymousId = anonymousId,
            Event = type == MessageType.Track ? "E" : null,
            Timestamp = T0.AddMinutes(position),
            ReceivedAt = T0.AddMinutes(position),
            Traits = traits is null ? null : JsonElement.Parse(traits),
        };
        var merges = new List<PersonMerge>();
        var person = _graph.Apply(message, position, merges);
        _events.Add((position, message, person));
        Follow(merges);
        return person;
    }

    private IdentityOperationPlan Run(IdentityOperationKind kind, PersonId? person = null, Identifier? from = null, Identifier? to = null, string? reverts = null)
    {
        var id = $"op{_operations++}";
        var plan = _graph.Plan(new IdentityOperation(id, Workspace, kind, person, from, to, reverts, "key", "test", T0), (long)_events.Count + _operations - 1);
        if (plan.Joined is not null)
        {
            Follow([.. plan.Merges]);
        }
        else if (plan.Rejection is null)
        {
            var ids = plan.Persons.Select(p => p.Id).ToHashSet();
            var events = _events.Where(e => ids.Contains(e.Person)).Select(e => (e.Position, e.Message)).ToList();
            var merges = new List<PersonMerge>();
            var owners = _graph.Refold(Workspace, ids, events, merges).ToDictionary(o => o.Position, o => o.Person);
            for (var i = 0; i < _events.Count; i++)
            {
                if (owners.TryGetValue(_events[i].Position, out var owner))
                {
                    _events[i] = _events[i] with { Person = owner };
                }
            }

            Follow(merges);
        }

        return plan;
    }

    private void Follow(List<PersonMerge> merges)
    {
        foreach (var merge in merges)
        {
            for (var i = 0; i < _events.Count; i++)
            {
                if (_events[i].Person == merge.Merged)
                {
                    _events[i] = _events[i] with { Person = merge.Survivor };
                }
            }
        }
    }

    private PersonId? Owner(Identifier identifier) => _graph.FindOwner(Workspace, identifier);

    private static Identifier Anon(string value) => new(IdentifierTypes.AnonymousId, value);

    private string? Name(PersonId person) =>
        _graph.Find(Workspace, person)!.Traits.TryGetValue("name", out var name) ? name.Value.GetString() : null;

    private long Events(PersonId person) => _graph.Find(Workspace, person)!.EventCount;

    /// <summary>Alice and Bob both gave the family phone: one person until the phone is detached.</summary>
    private (PersonId Merged, PersonId Alice) SharedPhone()
    {
        var alice = Apply(MessageType.Identify, anonymousId: "c1", traits: """{"phone":"13812345678","name":"Alice"}""");
        Apply(MessageType.Page, anonymousId: "c1");
        var merged = Apply(MessageType.Identify, anonymousId: "c2", traits: """{"phone":"13812345678","name":"Bob"}""");
        Apply(MessageType.Track, anonymousId: "c2");
        Assert.Equal(alice, merged);
        return (merged, alice);
    }

    [Fact]
    public void Detach_SplitsThePersonAroundTheSharedPhone_AndRefoldsTraits()
    {
        var (merged, _) = SharedPhone();

        var plan = Run(IdentityOperationKind.Detach, merged, Phone);

        Assert.Null(plan.Rejection);
        var alice = Owner(Anon("c1"))!.Value;
        var bob = Owner(Anon("c2"))!.Value;
        Assert.NotEqual(alice, bob);
        Assert.Equal(merged, alice);
        Assert.Null(Owner(Phone));
        Assert.Equal(("Alice", 2L), (Name(alice), Events(alice)));
        Assert.Equal(("Bob", 2L), (Name(bob), Events(bob)));
        Assert.All(_events.Take(2), e => Assert.Equal(alice, e.Person));
        Assert.All(_events.Skip(2), e => Assert.Equal(bob, e.Person));
    }

    [Fact]
    public void Detach_RefoldsMostFrequentTraits_FromEachPersonsOwnEvents()
    {
        _graph.SetRules(Workspace, IdentityRulesSpec.FromJson("""{"traits":[{"name":"city","survivorship":"mostFrequent"}]}""").Validate(out _)!);
        Apply(MessageType.Identify, anonymousId: "c1", traits: """{"phone":"13812345678","city":"杭州"}""");
        Apply(MessageType.Identify, anonymousId: "c1", traits: """{"city":"杭州"}""");
        var merged = Apply(MessageType.Identify, anonymousId: "c2", traits: """{"phone":"13812345678","city":"上海"}""");
        Apply(MessageType.Identify, anonymousId: "c2", traits: """{"city":"上海"}""");
        Apply(MessageType.Identify, anonymousId: "c2", traits: """{"city":"上海"}""");
        var before = City(merged);

        Run(IdentityOperationKind.Detach, merged, Phone);

        Assert.Equal(("上海", 3L), before);
        Assert.Equal(("杭州", 2L), City(Owner(Anon("c1"))!.Value));
        Assert.Equal(("上海", 3L), City(Owner(Anon("c2"))!.Value));
        Assert.NotEqual(Owner(Anon("c1")), Owner(Anon("c2")));
    }

    private (string? City, long Count) City(PersonId person)
    {
        var snapshot = _graph.Find(Workspace, person)!;
        return (snapshot.Traits["city"].Value.GetString(), snapshot.TraitCounts["city"][0].Count);
    }

    [Fact]
    public void Detach_KeepsLaterEventsFromGluingThePersonsBack()
    {
        var (merged, _) = SharedPhone();
        Run(IdentityOperationKind.Detach, merged, Phone);

        var again = Apply(MessageType.Identify, anonymousId: "c2", traits: """{"phone":"13812345678"}""");

        Assert.Equal(Owner(Anon("c2")), again);
        Assert.NotEqual(Owner(Anon("c1")), again);
        Assert.Null(Owner(Phone));
    }

    [Fact]
    public void Separate_KeepsTheTwoIdentifiersInDifferentPersons_EvenWhenAnEventCarriesBoth()
    {
        var (merged, _) = SharedPhone();

        Assert.Null(Run(IdentityOperationKind.Separate, merged, Anon("c1"), Anon("c2")).Rejection);
        Apply(MessageType.Identify, anonymousId: "c2", traits: """{"phone":"13812345678"}""");
        Apply(MessageType.Alias, userId: null, anonymousId: "c1", traits: null);

        Assert.NotEqual(Owner(Anon("c1")), Owner(Anon("c2")));
        Assert.Equal(merged, Owner(Phone));
    }

    [Fact]
    public void Revert_ResolvesThePersonsAgainWithoutTheOperation()
    {
        var (merged, _) = SharedPhone();
        var before = _graph.Find(Workspace, merged)!;
        Run(IdentityOperationKind.Detach, merged, Phone);

        var plan = Run(IdentityOperationKind.Revert, reverts: "op0");

        Assert.Null(plan.Rejection);
        Assert.Equal(2, plan.Persons.Count);
        var after = _graph.Find(Workspace, merged)!;
        Assert.Equal(merged, Owner(Anon("c2")));
        Assert.Equal(before.EventCount, after.EventCount);
        Assert.Equal(before.Identifiers.Select(i => i.Identifier.ToString()).Order(), after.Identifiers.Select(i => i.Identifier.ToString()).Order());
        Assert.Equal("Bob", Name(merged));
        Assert.All(_events, e => Assert.Equal(merged, e.Person));
    }

    [Fact]
    public void Plan_RejectsWhatDoesNotFitTheGraph_AndChangesNothing()
    {
        var (merged, _) = SharedPhone();
        var other = Apply(MessageType.Page, anonymousId: "c9");

        Assert.Contains("No person", Run(IdentityOperationKind.Detach, new PersonId("p_nobody"), Phone).Rejection, StringComparison.Ordinal);
        Assert.Contains("not an identifier", Run(IdentityOperationKind.Separate, merged, Anon("c1"), Anon("c9")).Rejection, StringComparison.Ordinal);
        Assert.Contains("itself", Run(IdentityOperationKind.Separate, merged, Anon("c1"), Anon("c1")).Rejection, StringComparison.Ordinal);
        Assert.Contains("in force", Run(IdentityOperationKind.Revert, reverts: "op-unknown").Rejection, StringComparison.Ordinal);
        Assert.False(_graph.Separations.Any);
        Assert.Equal(merged, Owner(Anon("c2")));
        Assert.NotEqual(merged, other);
    }

    [Fact]
    public void Refold_ReadsOnlyTheSplitPersonsEvents_ALaterEventMayThenJoinAnOlderPerson()
    {
        // Member M1's phone reached c2's person once, but its limit (one phone) kept them apart and the
        // event went to M1. Detaching the shared phone re-reads only the split person's own events...
        var older = Apply(MessageType.Identify, userId: "M1", traits: """{"phone":"13900000001"}""");
        var (merged, _) = SharedPhone();
        Apply(MessageType.Identify, anonymousId: "c2", traits: """{"email":"bob@x.cn","phone":"13900000001"}""");
        Assert.Equal(older, Owner(new Identifier("email", "bob@x.cn")));

        Run(IdentityOperationKind.Detach, merged, Phone);
        var bob = Owner(Anon("c2"));
        Assert.NotEqual(older, bob);

        // ...and nothing keeps it from M1 any more: the next event that links them merges them, the older id surviving.
        var joined = Apply(MessageType.Identify, anonymousId: "c2", traits: """{"phone":"13900000001"}""");
        Assert.Equal(older, joined);
        Assert.Equal(older, Owner(Anon("c2")));
        Assert.Equal(merged, Owner(Anon("c1")));
    }

    [Fact]
    public void Codec_RoundTripsAnOperation_AndTellsItFromAMessage()
    {
        var operation = new IdentityOperation("op1", Workspace, IdentityOperationKind.Separate, new PersonId("p_1"), Phone, Anon("c1"), null, "key_1", "家庭共用手机", T0);

        var encoded = IdentityOperationCodec.Encode(operation);

        Assert.True(IdentityOperationCodec.IsOperation(encoded));
        Assert.Equal(operation, IdentityOperationCodec.Decode(encoded));
        Assert.False(IdentityOperationCodec.IsOperation(CollectedMessageCodec.Encode(Sample())));
        Assert.Throws<FormatException>(() => IdentityOperationCodec.Decode("""{"v":1,"op":"explode"}"""u8));
    }

    private static CollectedMessage Sample() => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("s"), MessageId = "m", Type = MessageType.Track, Event = "E",
        AnonymousId = "a", Timestamp = T0, ReceivedAt = T0,
    };
}
