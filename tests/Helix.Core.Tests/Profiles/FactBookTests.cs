using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>The facts fold beside the identity graph: computed traits per event, tags with history, merges, lists, models and window expiry.</summary>
public sealed class FactBookTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);

    private const string Document = """
        {
          "computedTraits": [{"name": "orders_30d", "function": "count", "event": "Order Completed", "window": "30d"}],
          "categories": [{"name": "c"}],
          "tags": [
            {"name": "buyer", "kind": "rule", "category": "c", "when": {"computed": "orders_30d", "op": "gte", "value": 1}},
            {"name": "hangzhou", "kind": "rule", "category": "c", "when": {"trait": "city", "op": "eq", "value": "杭州"}},
            {"name": "vip", "kind": "list", "category": "c", "identifierType": "phone"},
            {"name": "rfm", "kind": "model", "category": "c", "model": "rfm"}
          ]
        }
        """;

    private readonly ProfileGraph _graph = new();
    private readonly FactBook _book;
    private long _position;

    public FactBookTests()
    {
        _book = new FactBook(_graph);
        _book.Define(Workspace, ProfileDefinitions.FromStored(Document, 1), () => [], _position++, T0);
    }

    private PersonId Apply(CollectedMessage message) => _book.Apply(_graph, message, _position++);

    private static CollectedMessage Order(string? user, DateTimeOffset at, string? anonymous = null) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("s"), MessageId = Guid.NewGuid().ToString("N"), Type = MessageType.Track,
        UserId = user, AnonymousId = anonymous, Event = "Order Completed", Timestamp = at, ReceivedAt = at,
    };

    private static CollectedMessage Identify(string user, DateTimeOffset at, string traits, string? anonymous = null) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("s"), MessageId = Guid.NewGuid().ToString("N"), Type = MessageType.Identify,
        UserId = user, AnonymousId = anonymous, Timestamp = at, ReceivedAt = at, Traits = JsonElement.Parse(traits),
    };

    private List<string> Tags(PersonId person) => [.. _book.TagsOf(Workspace, person).Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void OrderAndTrait_GainTags_WithTheEventAsReason()
    {
        var person = Apply(Order("u1", T0));
        Apply(Identify("u1", T0.AddMinutes(1), """{"city": "杭州"}"""));

        Assert.Equal(["buyer", "hangzhou"], Tags(person));
        var history = _book.TakeHistory();
        Assert.Equal([("buyer", TagChangeKind.Gained), ("hangzhou", TagChangeKind.Gained)], history.Select(h => (h.Tag, h.Kind)));
        Assert.All(history, h => Assert.StartsWith("event ", h.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_DropsAWindowedTag_WhenTheWindowPassesItsLastEvent()
    {
        var person = Apply(Order("u1", T0));
        _book.TakeHistory();

        Assert.Equal(0, _book.Sweep(T0.AddDays(29), _position));
        Assert.Equal(["buyer"], Tags(person));
        Assert.Equal(1, _book.Sweep(T0.AddDays(31), _position));

        Assert.Empty(Tags(person));
        var lost = Assert.Single(_book.TakeHistory());
        Assert.Equal(("buyer", TagChangeKind.Lost, "window expiry"), (lost.Tag, lost.Kind, lost.Reason));
    }

    [Fact]
    public void Merge_TheSurvivorKeepsBothPersonsEvents()
    {
        var first = Apply(Order("u1", T0));
        var second = Apply(Order(null, T0, anonymous: "cookie"));

        var merged = Apply(Identify("u1", T0.AddMinutes(1), "{}", anonymous: "cookie"));

        Assert.Equal(first, merged);
        Assert.Empty(_book.TagsOf(Workspace, second));
        var (changed, removed) = _book.TakeChanged();
        Assert.Contains((Workspace, second), removed);
        var survivor = Assert.Single(changed, c => c.Person == first);
        var state = Helix.Core.ComputedTraits.ComputedTraitState.ReadFrom(JsonElement.Parse(survivor.Computed["orders_30d"]));
        Assert.Equal(2, state.Value(ProfileDefinitions.FromStored(Document, 1).ComputedTraits[0], T0)!.Value.GetInt32());
    }

    [Fact]
    public void ListTag_ReachesIdentifiersLinkedLater_AndModelTagsReplaceTheLastRun()
    {
        var person = Apply(Order("u1", T0));
        _book.AddList(new FactRecord("list_1", Workspace, FactRecordKind.TagList, "k", T0) { Tag = "vip", Identifiers = [new Identifier("phone", "+8613800138000")] }, _position++);
        Assert.DoesNotContain("vip", Tags(person));

        Apply(Identify("u1", T0.AddMinutes(1), """{"phone": "13800138000"}"""));
        _book.AssignModel(new FactRecord("model_1", Workspace, FactRecordKind.ModelTags, "k", T0) { Tag = "rfm", Replace = true, Assignments = [new(person, "important_value")] }, _position++);
        Assert.Equal("important_value", _book.TagsOf(Workspace, person)["rfm"].Value);
        _book.AssignModel(new FactRecord("model_2", Workspace, FactRecordKind.ModelTags, "k", T0) { Tag = "rfm", Replace = true, Assignments = [] }, _position++);

        Assert.Contains("vip", Tags(person));
        Assert.DoesNotContain("rfm", Tags(person));
        var rfm = _book.TakeHistory().Where(h => h.Tag == "rfm").Select(h => (h.Kind, h.Reason)).ToList();
        Assert.Equal([(TagChangeKind.Gained, "model model_1"), (TagChangeKind.Lost, "model model_2")], rfm);
    }

    [Fact]
    public void ChangedComputedTrait_IsBuiltFromHistoryOnce()
    {
        var person = Apply(Order("u1", T0));
        var replay = new List<(PersonId, CollectedMessage)> { (person, Order("u1", T0)), (person, Order("u1", T0)) };
        var changed = Document.Replace("\"orders_30d\", \"function\": \"count\", \"event\": \"Order Completed\", \"window\": \"30d\"",
            "\"orders_30d\", \"function\": \"count\", \"event\": \"Order Completed\", \"window\": \"29d\"", StringComparison.Ordinal);
        var reads = 0;

        _book.Define(Workspace, ProfileDefinitions.FromStored(changed, 2), () => { reads++; return replay; }, _position++, T0);

        Assert.Equal(1, reads);
        var (facts, _) = _book.TakeChanged();
        var state = Helix.Core.ComputedTraits.ComputedTraitState.ReadFrom(JsonElement.Parse(facts.Single(f => f.Person == person).Computed["orders_30d"]));
        Assert.Equal(2, state.Value(ProfileDefinitions.FromStored(changed, 2).ComputedTraits[0], T0)!.Value.GetInt32());
    }
}
