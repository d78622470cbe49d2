using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

public sealed class ProfileGraphTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _ids;

    private static CollectedMessage Message(
        MessageType type, string? userId = null, string? anonymousId = null, int minute = 0, string? traits = null,
        string? previousId = null, string? contextTraits = null, WorkspaceId? workspace = null) => new()
        {
            WorkspaceId = workspace ?? Workspace,
            SourceId = new SourceId("src"),
            MessageId = $"m{Interlocked.Increment(ref _ids)}",
            Type = type,
            UserId = userId,
            AnonymousId = anonymousId,
            PreviousId = previousId,
            Event = type == MessageType.Track ? "E" : null,
            Timestamp = T0.AddMinutes(minute),
            ReceivedAt = T0.AddMinutes(minute),
            Traits = traits is null ? null : JsonElement.Parse(traits),
            Context = contextTraits is null ? null : JsonElement.Parse($$"""{"traits":{{contextTraits}}}"""),
        };

    private static PersonId Apply(ProfileGraph graph, CollectedMessage message, List<PersonMerge>? merges = null, long position = 0) =>
        graph.Apply(message, position, merges ?? []);

    [Fact]
    public void AnonymousThenIdentify_JoinsOnePerson()
    {
        var graph = new ProfileGraph();

        var anonymous = Apply(graph, Message(MessageType.Page, anonymousId: "cookie-1"), position: 0);
        var identified = Apply(graph, Message(MessageType.Identify, userId: "M1", anonymousId: "cookie-1", minute: 1), position: 1);

        Assert.Equal(anonymous, identified);
        var person = graph.Find(Workspace, identified)!;
        Assert.Equal(2, person.EventCount);
        Assert.Equal(
            [new Identifier(IdentifierTypes.AnonymousId, "cookie-1"), new Identifier(IdentifierTypes.UserId, "M1")],
            person.Identifiers.Select(l => l.Identifier).OrderBy(i => i.ToString()));
    }

    [Fact]
    public void TwoKnownPersonsMeet_OlderSurvivesAndMergeIsRecorded()
    {
        var graph = new ProfileGraph();
        var merges = new List<PersonMerge>();
        var user = Apply(graph, Message(MessageType.Identify, userId: "M1"), position: 0);
        var anonymous = Apply(graph, Message(MessageType.Track, anonymousId: "device-9", minute: 1), position: 1);

        var result = Apply(graph, Message(MessageType.Identify, userId: "M1", anonymousId: "device-9", minute: 2), merges, position: 2);

        Assert.Equal(user, result);
        var merge = Assert.Single(merges);
        Assert.Equal((user, anonymous), (merge.Survivor, merge.Merged));
        Assert.Null(graph.Find(Workspace, anonymous));
        Assert.Equal(3, graph.Find(Workspace, user)!.EventCount);
        Assert.Equal(1, graph.PersonCount);
    }

    [Fact]
    public void SharedDevice_DoesNotMergeTwoUsers()
    {
        var graph = new ProfileGraph();
        var alice = Apply(graph, Message(MessageType.Identify, userId: "alice", anonymousId: "family-ipad"));

        var bob = Apply(graph, Message(MessageType.Identify, userId: "bob", anonymousId: "family-ipad", minute: 1));

        Assert.NotEqual(alice, bob);
        Assert.Equal(alice, graph.FindOwner(Workspace, new Identifier(IdentifierTypes.AnonymousId, "family-ipad")));
        Assert.DoesNotContain(graph.Find(Workspace, bob)!.Identifiers, l => l.Identifier.Type == IdentifierTypes.AnonymousId);
    }

    [Fact]
    public void Alias_LinksPreviousAnonymousIdToUser()
    {
        var graph = new ProfileGraph();
        var anonymous = Apply(graph, Message(MessageType.Track, anonymousId: "old-cookie"));

        var aliased = Apply(graph, Message(MessageType.Alias, userId: "M7", previousId: "old-cookie", minute: 1));

        Assert.Equal(anonymous, aliased);
        Assert.Equal(aliased, graph.FindOwner(Workspace, new Identifier(IdentifierTypes.UserId, "M7")));
    }

    [Fact]
    public void Traits_NewestEventWinsEvenWhenItArrivesFirst()
    {
        var graph = new ProfileGraph();
        Apply(graph, Message(MessageType.Identify, userId: "u", minute: 10, traits: """{"tier":"gold","city":"上海"}"""));

        var person = Apply(graph, Message(MessageType.Identify, userId: "u", minute: 5, traits: """{"tier":"silver","name":"王芳"}"""));

        var traits = graph.Find(Workspace, person)!.Traits;
        Assert.Equal("gold", traits["tier"].Value.GetString());
        Assert.Equal("上海", traits["city"].Value.GetString());
        Assert.Equal("王芳", traits["name"].Value.GetString());
    }

    [Fact]
    public void ContextTraits_AreFoldedFromAnyCall_ButTrackTraitsAreNot()
    {
        var graph = new ProfileGraph();

        var person = Apply(graph, Message(MessageType.Track, userId: "u", contextTraits: """{"email":"a@x.com"}""", traits: """{"ignored":1}"""));

        var traits = graph.Find(Workspace, person)!.Traits;
        Assert.Equal("a@x.com", traits["email"].Value.GetString());
        Assert.False(traits.ContainsKey("ignored"));
    }

    [Fact]
    public void SameIdentifierInTwoWorkspaces_IsTwoPersons()
    {
        var graph = new ProfileGraph();

        var a = Apply(graph, Message(MessageType.Identify, userId: "u"));
        var b = Apply(graph, Message(MessageType.Identify, userId: "u", workspace: new WorkspaceId("other")));

        Assert.NotEqual(a, b);
        Assert.Equal(2, graph.PersonCount);
    }

    [Fact]
    public void TakeChanged_ReturnsChangedSurvivorsOnly()
    {
        var graph = new ProfileGraph();
        Apply(graph, Message(MessageType.Identify, userId: "u"), position: 0);
        Apply(graph, Message(MessageType.Track, anonymousId: "a"), position: 1);
        graph.TakeChanged();

        Apply(graph, Message(MessageType.Identify, userId: "u", anonymousId: "a"), position: 2);
        var changed = graph.TakeChanged();

        Assert.Single(changed);
        Assert.Empty(graph.TakeChanged());
    }

    [Fact]
    public void SnapshotsReload_ContinueExactlyAsTheLiveGraph()
    {
        var messages = Enumerable.Range(0, 200).Select(i => i % 3 == 0
            ? Message(MessageType.Identify, userId: $"u{i % 17}", anonymousId: $"a{i % 23}", minute: i, traits: $$"""{"n":{{i}}}""")
            : Message(MessageType.Track, anonymousId: $"a{i % 23}", minute: i)).ToList();
        var live = new ProfileGraph();
        var first = new ProfileGraph();
        for (var i = 0; i < 200; i++)
        {
            Apply(live, messages[i], position: i);
            if (i < 100)
            {
                Apply(first, messages[i], position: i);
            }
        }

        var resumed = ProfileGraph.FromSnapshots(first.TakeChanged());
        for (var i = 100; i < 200; i++)
        {
            Apply(resumed, messages[i], position: i);
        }

        Assert.Equal(Describe(live), Describe(resumed));
    }

    /// <summary>
    /// Without conflicting user ids (each device belongs to one user), which identifiers end up together
    /// does not depend on the order the messages arrive in.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool WithoutConflicts_PartitionIsIndependentOfOrder(byte[] links, int seed)
    {
        var messages = links.Select(b => b % 4 == 0
                ? Message(MessageType.Track, anonymousId: $"d{b / 4 % 16}")
                : Message(MessageType.Identify, userId: $"u{b / 4 % 16 % 5}", anonymousId: $"d{b / 4 % 16}"))
            .ToList();
        var shuffled = messages.ToArray();
        new Random(seed).Shuffle(shuffled);

        return Partition(messages).SetEquals(Partition([.. shuffled]));
    }

    private static HashSet<string> Partition(List<CollectedMessage> messages)
    {
        var graph = new ProfileGraph();
        for (var i = 0; i < messages.Count; i++)
        {
            Apply(graph, messages[i], position: i);
        }

        return graph.TakeChanged()
            .Select(p => string.Join(",", p.Identifiers.Select(l => l.Identifier.ToString()).Order()))
            .ToHashSet();
    }

    private static string Describe(ProfileGraph graph) =>
        string.Join("\n", graph.TakeChanged().OrderBy(p => p.Id.Value).Select(p =>
            $"{p.Id} {p.EventCount} {p.FirstSeen:O} {p.LastSeen:O} " +
            string.Join(",", p.Identifiers.Select(l => l.Identifier.ToString()).Order()) + " " +
            string.Join(",", p.Traits.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value.Value.GetRawText()}")) + " " +
            string.Join(",", p.Links.Select(l => $"{l.From}>{l.To}:{l.Kind}@{l.Position}").Order())));
}
