using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>A dispatch batch's persons read at once answer as the single-person reads do: profile, merge survivor, consents, past sends.</summary>
public sealed class JourneyRecipientsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = T0.AddDays(10);
    private readonly TempDirectory _directory = new("helix-recipients");
    private DuckDbStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);
        // a: two user ids and a consent given then withdrawn; b: merged into c, whose consent answers for b; d: never merged, no profile.
        await _store.CommitAsync(new PipelineCommit(4, [],
            [Consent(0, "a", true), Consent(1, "a", false), Consent(2, "c", true), Event(3, "b", "m3")],
            [Person("a", "u-a1", "u-a2"), Person("b", "u-b"), Person("c", "u-c")]));
        await _store.CommitAsync(new PipelineCommit(5, [new PersonMerge(Workspace, new PersonId("c"), new PersonId("b"), 4)], [], [Person("c", "u-c", "u-b")]));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static StoredEvent Consent(long position, string person, bool granted) =>
        Event(position, person, $"m{position}", minute: (int)position) is var e
            ? e with { Message = e.Message with { Event = ConsentEvent.Name, Properties = JsonElement.Parse($$"""{"consents": [{"purpose": "marketing", "channel": "sms", "granted": {{(granted ? "true" : "false")}}}]}""") } }
            : e;

    [Fact]
    public async Task BatchRead_AnswersAsTheSingleReads()
    {
        var asked = new[] { "a", "b", "c", "d" }.Select(p => (Workspace, new PersonId(p))).ToList();
        var recipients = await _store.RecipientsAsync(asked, consents: true, sent: false, Now);

        Assert.Equal(4, recipients.Count);
        Assert.Same(JourneyRecipient.Gone, recipients[(Workspace, new PersonId("d"))]);
        Assert.Equal("c", recipients[(Workspace, new PersonId("b"))].Profile!.Person.Value);
        foreach (var (person, target) in new[] { ("a", "a"), ("b", "c"), ("c", "c") })
        {
            var recipient = recipients[(Workspace, new PersonId(person))];
            var profile = (await _store.GetProfileAsync(Workspace, new PersonId(target)))!;
            Assert.Equal(JsonSerializer.Serialize(profile.Traits), recipient.Profile!.Traits.GetRawText());
            Assert.Equal(profile.Identifiers.Select(i => $"{i.Identifier.Type}:{i.Identifier.Value}"),
                recipient.Profile.Identifiers.SelectMany(t => t.Value.Select(v => $"{t.Key}:{v}")));
            Assert.Equal(await _store.ConsentStatementsAsync(Workspace, new PersonId(target)), recipient.Consents);
        }

        Assert.False(ConsentState.Of(recipients[(Workspace, new PersonId("a"))].Consents).Allows(new ConsentTopic(ConsentTopic.Marketing, "sms")));
        Assert.True(ConsentState.Of(recipients[(Workspace, new PersonId("b"))].Consents).Allows(new ConsentTopic(ConsentTopic.Marketing, "sms")));
        Assert.Equal(["u-a1", "u-a2"], recipients[(Workspace, new PersonId("a"))].Profile!.Identifiers["user_id"]);
    }

    [Fact]
    public async Task BatchRead_CountsDeliveredSendsPerPersonInTheLastDayAndWeek()
    {
        var action = new JourneyAction("sms", null, JsonElement.Parse("""{"connection": "gw", "template": "hi"}"""));
        OutboxItem Item(string person, string step) =>
            new(Workspace, OutboxItem.KeyOf("j", 1, step, new PersonId(person)), "j", 1, new PersonId(person), 1, step, action, T0, Withheld: false);
        var changes = new JourneyChanges();
        changes.Outbox.AddRange([Item("a", "s1"), Item("a", "s2"), Item("a", "s3"), Item("c", "s1"), Item("c", "s2")]);
        await _store.CommitRoundAsync(new JourneyRound(0, 0, 0, 0, [], [], [], [], new Dictionary<(WorkspaceId, string, PersonId), LastEntry>()), changes, T0);
        DeliveryRecord Delivered(string person, string step) => new(Workspace, OutboxItem.KeyOf("j", 1, step, new PersonId(person)), DeliveryStatus.Delivered, 1, T0, null, null);
        await _store.RecordDeliveriesAsync([Delivered("a", "s1"), Delivered("c", "s1")], Now.AddDays(-3));
        await _store.RecordDeliveriesAsync([Delivered("a", "s2")], Now.AddHours(-1));

        var recipients = await _store.RecipientsAsync([(Workspace, new PersonId("a")), (Workspace, new PersonId("b"))], consents: false, sent: true, Now);

        Assert.Equal([new SentCount("sms", 1, 2)], recipients[(Workspace, new PersonId("a"))].Sent);
        // The outbox counts by the id the deliveries name: c's sends are not b's, though c answers for b's profile.
        Assert.Empty(recipients[(Workspace, new PersonId("b"))].Sent);
        Assert.Empty(recipients[(Workspace, new PersonId("a"))].Consents);
    }
}
