using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Journeys.Connectors;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys;

/// <summary>
/// The journey test mode through HTTP: a stored person walked on a simulated clock over their own events, each message
/// rendered for them and checked against consent, and nothing sent or stored — no gateway request, no outbox row, no event.
/// </summary>
public sealed class JourneyTestModeTests(JourneyTestModeTests.Fixture fixture) : IClassFixture<JourneyTestModeTests.Fixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ordered = Now.AddDays(-5);

    private const string Care = """
        {"name": "care", "entry": {"kind": "event", "event": "Order Completed"}, "goal": {"event": "Review Written", "within": "30d"}, "start": "wait",
         "steps": [
           {"id": "wait", "kind": "wait", "duration": "72h", "next": "gold"},
           {"id": "gold", "kind": "condition", "when": "trait(\"tier\") = \"gold\"", "then": "sms", "else": "done"},
           {"id": "sms", "kind": "action", "connector": "sms", "parameters": {"connection": "gw", "template": "Hi {{ traits.name }}, how is your order?"}, "next": "task"},
           {"id": "task", "kind": "action", "connector": "guide_task", "parameters": {"title": "Call {{ traits.name }}", "dueIn": "2d"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    public sealed class Fixture() : SeededServer(new FakeTimeProvider(Now)), IAsyncLifetime
    {
        internal StandIn Gateway { get; private set; } = null!;

        async Task IAsyncLifetime.InitializeAsync()
        {
            Gateway = await StandIn.StartAsync();
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Gateway.DisposeAsync();
        }

        protected override async Task SeedAsync(HelixTestServer server)
        {
            var connection = new JsonObject
            {
                ["connector"] = "sms",
                ["settings"] = new JsonObject { ["url"] = Gateway.Url("/send"), ["body"] = new JsonObject { ["to"] = "{{ to }}", ["text"] = "{{ message }}" } },
            };
            (await server.Admin.PutAsync("/api/v1/connections/gw", HttpJson.Body(connection.ToJsonString()))).EnsureSuccessStatusCode();
            var consent = new JsonObject
            {
                ["type"] = "track", ["userId"] = "t1", ["event"] = "Consent Updated", ["timestamp"] = Ordered.AddDays(-1).ToString("O"),
                ["properties"] = new JsonObject { ["consents"] = new JsonArray(new JsonObject { ["purpose"] = "marketing", ["channel"] = "sms", ["granted"] = true }) },
                ["context"] = new JsonObject { ["externalIds"] = new JsonArray(new JsonObject { ["type"] = "phone", ["id"] = "+8613800000001" }) },
            };
            await server.SendAsync(
                consent,
                SegmentTestServer.Identify("t1", Ordered.AddDays(-1), new JsonObject { ["name"] = "Lin", ["tier"] = "gold", ["home_store"] = "SH-001", ["guide_id"] = "G1" }),
                SegmentTestServer.Identify("t2", Ordered.AddDays(-1), new JsonObject { ["name"] = "Wu", ["tier"] = "gold", ["home_store"] = "SH-001" }),
                SegmentTestServer.Identify("t3", Ordered.AddDays(-1), new JsonObject { ["name"] = "Ma", ["tier"] = "gold" }),
                SegmentTestServer.Track("t1", "Order Completed", Ordered),
                SegmentTestServer.Track("t2", "Order Completed", Ordered),
                SegmentTestServer.Track("t3", "Order Completed", Ordered),
                SegmentTestServer.Track("t3", "Review Written", Ordered.AddDays(1)));
            await server.SaveJourneyAsync("care", Care, live: false);
            await server.SaveJourneyAsync("care", Care.Replace("how is your order?", "v2", StringComparison.Ordinal), live: false);
        }
    }

    private HelixTestServer Server => fixture.Server;

    [Fact]
    public async Task APerson_WalksOnASimulatedClock_AndEveryActionIsRenderedForThem_WithNothingSentOrStored()
    {
        var eventsBefore = (await Server.EventsAsync("t1")).Count;

        var result = await TestAsync(new JsonObject { ["personId"] = await Server.PersonIdAsync("t1"), ["version"] = 1 });

        Assert.Equal((1, "event", Ordered), (result.GetProperty("version").GetInt32(), result.GetProperty("enteredBy").GetString(), result.GetProperty("enteredAt").GetDateTimeOffset()));
        var path = result.GetProperty("path").EnumerateArray()
            .Select(p => (p.GetProperty("step").GetString(), p.GetProperty("kind").GetString(), p.GetProperty("took").GetString(), p.GetProperty("at").GetDateTimeOffset())).ToList();
        var sent = Ordered.AddHours(72);
        Assert.Equal([("wait", "wait", null, Ordered), ("gold", "condition", "then", sent), ("sms", "action", "performed", sent), ("task", "action", "performed", sent), ("done", "exit", "exited", sent)], path);
        var actions = result.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(2, actions.Count);
        Assert.Equal(("sms", "Hi Lin, how is your order?", "gw"), (actions[0].GetProperty("connector").GetString(),
            actions[0].GetProperty("rendered").GetProperty("template").GetString(), actions[0].GetProperty("rendered").GetProperty("connection").GetString()));
        Assert.Empty(actions[0].GetProperty("withheld").EnumerateArray());
        var task = actions[1].GetProperty("task");
        Assert.Equal(("Call Lin", "SH-001", "G1", sent.AddDays(2)),
            (task.GetProperty("title").GetString(), task.GetProperty("store").GetString(), task.GetProperty("guide").GetString(), task.GetProperty("dueAt").GetDateTimeOffset()));
        Assert.Equal("exited", result.GetProperty("end").GetProperty("status").GetString());

        Assert.Empty(fixture.Gateway.Requests);
        Assert.Empty(await Server.DeliveriesAsync("care"));
        Assert.Equal(eventsBefore, (await Server.EventsAsync("t1")).Count);
        Assert.Empty((await Server.GetJsonAsync("/api/v1/guide/tasks")).EnumerateArray());
        Assert.Equal(0, (await Server.GetJsonAsync("/api/v1/journeys/care/statistics")).GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task WithoutConsent_TheMessageShowsWithheld_AndTheCurrentVersionIsTested()
    {
        var result = await TestAsync(new JsonObject { ["personId"] = await Server.PersonIdAsync("t2") });

        Assert.Equal(2, result.GetProperty("version").GetInt32());
        var actions = result.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal("Hi Wu, v2", actions[0].GetProperty("rendered").GetProperty("template").GetString());
        Assert.Equal(["no consent to marketing:sms"], actions[0].GetProperty("withheld").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(JsonValueKind.Null, actions[1].GetProperty("task").GetProperty("guide").ValueKind);
    }

    [Fact]
    public async Task TheGoal_EndsTheWalkMidWait_AndAnEarlyUntilLeavesThePersonWaiting()
    {
        var converted = await TestAsync(new JsonObject { ["personId"] = await Server.PersonIdAsync("t3") });
        var waiting = await TestAsync(new JsonObject { ["personId"] = await Server.PersonIdAsync("t1"), ["until"] = Ordered.AddHours(10).ToString("O") });

        Assert.Equal(("converted", "wait"), (converted.GetProperty("end").GetProperty("status").GetString(), converted.GetProperty("end").GetProperty("step").GetString()));
        Assert.Empty(converted.GetProperty("actions").EnumerateArray());
        Assert.Equal("converted", converted.GetProperty("path").EnumerateArray().Last().GetProperty("took").GetString());
        var end = waiting.GetProperty("end");
        Assert.Equal(("waiting", "wait", Ordered.AddHours(72)), (end.GetProperty("status").GetString(), end.GetProperty("step").GetString(), end.GetProperty("wakeAt").GetDateTimeOffset()));
    }

    [Theory]
    [InlineData("{}", "personId")]
    [InlineData("""{"personId": "p_x", "version": 0}""", "version")]
    [InlineData("""{"personId": "p_x", "version": 9}""", "version")]
    [InlineData("""{"personId": "p_x", "at": "yesterday"}""", "at")]
    [InlineData("""{"personId": "p_x", "at": "2026-11-02T00:00:00Z", "until": "2026-11-01T00:00:00Z"}""", "until")]
    [InlineData("""{"personId": "p_x", "send": true}""", "send")]
    public async Task BadFields_Are400NamingTheField(string body, string field)
    {
        using var response = await Server.Admin.PostJsonAsync("/api/v1/journeys/care/test", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPersonOrJourney_Is404()
    {
        using var person = await Server.Admin.PostJsonAsync("/api/v1/journeys/care/test", """{"personId": "p_nobody"}""");
        using var journey = await Server.Admin.PostJsonAsync("/api/v1/journeys/nothing/test", $$"""{"personId": "{{await Server.PersonIdAsync("t1")}}"}""");

        Assert.Equal(HttpStatusCode.NotFound, person.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, journey.StatusCode);
    }

    private async Task<JsonElement> TestAsync(JsonObject request)
    {
        using var response = await Server.Admin.PostJsonAsync("/api/v1/journeys/care/test", request.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
