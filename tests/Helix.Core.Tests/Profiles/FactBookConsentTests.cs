using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>A refused <c>profiling</c> consent: no tags while it stands, back with a later grant, through late events, merges and reloads.</summary>
public sealed class FactBookConsentTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);

    private const string Document = """
        {
          "computedTraits": [{"name": "orders", "function": "count", "event": "Order Completed"}],
          "categories": [{"name": "c"}],
          "tags": [
            {"name": "buyer", "kind": "rule", "category": "c", "when": {"computed": "orders", "op": "gte", "value": 1}},
            {"name": "rfm", "kind": "model", "category": "c", "model": "rfm"}
          ]
        }
        """;

    private readonly ProfileGraph _graph = new();
    private FactBook _book;
    private long _position;

    public FactBookConsentTests()
    {
        _book = new FactBook(_graph);
    }

    private void Define() => _book.Define(Workspace, ProfileDefinitions.FromStored(Document, 1), () => [], _position++, T0);

    private PersonId Apply(CollectedMessage message) => _book.Apply(_graph, message, _position++);

    private static CollectedMessage Track(string? user, string name, DateTimeOffset at, string properties = "{}", string? anonymous = null) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("s"), MessageId = Guid.NewGuid().ToString("N"), Type = MessageType.Track,
        UserId = user, AnonymousId = anonymous, Event = name, Timestamp = at, ReceivedAt = T0.AddDays(1), Properties = JsonElement.Parse(properties),
    };

    private static CollectedMessage Order(string? user, string? anonymous = null) => Track(user, "Order Completed", T0, anonymous: anonymous);

    private static CollectedMessage Profiling(string? user, bool granted, DateTimeOffset at, string? anonymous = null) =>
        Track(user, "Consent Updated", at, $$"""{"consents": [{"purpose": "profiling", "granted": {{(granted ? "true" : "false")}}}]}""", anonymous);

    private void Model(PersonId person) =>
        _book.AssignModel(new FactRecord("model_1", Workspace, FactRecordKind.ModelTags, "k", T0) { Tag = "rfm", Replace = true, Assignments = [new(person, "champion")] }, _position++);

    private List<string> Tags(PersonId person) => [.. _book.TagsOf(Workspace, person).Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Refusal_LosesRuleAndModelTags_NamingTheConsent_AndAGrantBringsRuleTagsBack()
    {
        Define();
        var person = Apply(Order("u1"));
        Model(person);
        Assert.Equal(["buyer", "rfm"], Tags(person));
        _book.TakeHistory();

        var refusal = Profiling("u1", false, T0.AddHours(1));
        Apply(refusal);

        Assert.Empty(Tags(person));
        var lost = _book.TakeHistory();
        Assert.Equal(["buyer", "rfm"], lost.Select(h => h.Tag).Order(StringComparer.Ordinal));
        Assert.All(lost, h => Assert.Equal((TagChangeKind.Lost, $"consent profiling refused (event {refusal.MessageId})"), (h.Kind, h.Reason)));
        Assert.Empty(Assert.Single(_book.TakeChanged().Changed).ModelTags);

        Apply(Profiling("u1", true, T0.AddHours(2)));

        // Model values come back with the next model run; rule tags at once.
        Assert.Equal(["buyer"], Tags(person));
        Model(person);
        Assert.Equal(["buyer", "rfm"], Tags(person));
    }

    [Fact]
    public void OlderRefusalArrivingLater_DoesNotOverrideANewerGrant()
    {
        Define();
        var person = Apply(Order("u1"));
        Apply(Profiling("u1", true, T0.AddHours(2)));

        Apply(Profiling("u1", false, T0.AddHours(1)));

        Assert.Equal(["buyer"], Tags(person));
        Assert.True(_book.ProfilingOf(Workspace, person)!.Granted);
    }

    [Fact]
    public void ModelRunWhileRefused_AssignsNothing()
    {
        Define();
        var person = Apply(Order("u1"));
        Apply(Profiling("u1", false, T0.AddHours(1)));

        Model(person);

        Assert.Empty(Tags(person));
        Assert.Empty(_book.TakeChanged().Changed.Single().ModelTags);
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(2, 1, false)]
    public void Merge_TheLaterOfBothPersonsStatementsDecides(int refusedAtHour, int grantedAtHour, bool tagged)
    {
        Define();
        var known = Apply(Order("u1"));
        Apply(Profiling("u1", false, T0.AddHours(refusedAtHour)));
        Apply(Profiling(null, true, T0.AddHours(grantedAtHour), anonymous: "cookie"));

        var survivor = Apply(Track("u1", "Page Viewed", T0.AddHours(3), anonymous: "cookie"));

        Assert.Equal(known, survivor);
        Assert.Equal(tagged, Tags(survivor).Contains("buyer"));
    }

    [Fact]
    public void Reload_KeepsTheRefusal_AndALaterGrantStillWins()
    {
        Define();
        var person = Apply(Order("u1"));
        Apply(Profiling("u1", false, T0.AddHours(1)));
        var snapshots = _book.TakeChanged().Changed;

        _book = new FactBook(_graph);
        _book.Load(new Dictionary<WorkspaceId, ProfileDefinitions> { [Workspace] = ProfileDefinitions.FromStored(Document, 1) }, [], snapshots);
        _book.EvaluatePersons(Workspace, [person], T0.AddDays(1), _position++, "test");
        Assert.Empty(Tags(person));
        Apply(Profiling("u1", false, T0));
        Assert.Empty(Tags(person));
        Apply(Profiling("u1", true, T0.AddHours(2)));

        Assert.Equal(["buyer"], Tags(person));
    }

    [Fact]
    public void Refold_FoldsTheRefusalAgain_IntoTheEventsNewOwner()
    {
        Define();
        var order = Order("u1");
        var person = Apply(order);
        var refusal = Profiling("u1", false, T0.AddHours(1));
        Apply(refusal);

        _book.Refold(Workspace, [person], [(person, order, 1), (person, refusal, 2)]);
        _book.EvaluatePersons(Workspace, [person], T0.AddDays(1), _position++, "identity operation op_1");

        Assert.Empty(Tags(person));
        Assert.False(_book.ProfilingOf(Workspace, person)!.Granted);
    }

    [Fact]
    public void RefusalBeforeAnyDefinitions_KeepsTagsDefinedLaterAway()
    {
        var person = Apply(Order("u1"));
        Apply(Profiling("u1", false, T0.AddHours(1)));
        Assert.Single(_book.TakeChanged().Changed, c => c.Person == person && c.Profiling is { Granted: false });

        Define();

        Assert.Empty(Tags(person));
    }

    [Fact]
    public void RefusalWithoutDefinitions_ReloadsAndSweeps()
    {
        var person = Apply(Profiling("u1", false, T0));
        var snapshots = _book.TakeChanged().Changed;

        _book = new FactBook(_graph);
        _book.Load(new Dictionary<WorkspaceId, ProfileDefinitions>(), [], snapshots);

        Assert.Null(Record.Exception(() => _book.Sweep(T0.AddDays(1), _position++)));
        Assert.False(_book.ProfilingOf(Workspace, person)!.Granted);
    }

    [Fact]
    public void NoProfilingStatement_IsTaggedAsBefore()
    {
        Define();

        var person = Apply(Order("u1"));
        Apply(Track("u1", "Consent Updated", T0.AddHours(1), """{"consents": [{"purpose": "marketing", "granted": false}]}"""));

        Assert.Equal(["buyer"], Tags(person));
        Assert.Null(_book.ProfilingOf(Workspace, person));
    }
}
