using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Journeys.Runtime;
using Helix.Server.Tests.Segments;
using Helix.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys;

/// <summary>Journeys running in the real server and store: entries, stored timers, the outbox, consent, goals, archiving, restarts.</summary>
public sealed class JourneyRuntimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    private const string Care = """
        {"name": "care", "entry": {"kind": "event", "event": "Order Completed"}, "reentry": "afterExit",
         "goal": {"event": "Review Written", "within": "30d"}, "start": "wait",
         "steps": [
           {"id": "wait", "kind": "wait", "duration": "72h", "next": "coupon"},
           {"id": "coupon", "kind": "action", "connector": "coupon", "parameters": {"couponId": "CARE10", "validDays": 7}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    private const string Welcome = """
        {"name": "welcome", "entry": {"kind": "api"}, "reentry": "afterExit", "start": "mark",
         "steps": [
           {"id": "mark", "kind": "action", "connector": "set_trait", "parameters": {"trait": "welcomed", "value": true}, "next": "sms"},
           {"id": "sms", "kind": "action", "connector": "sms", "parameters": {"connection": "gateway", "template": "Hello"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    [Fact]
    public async Task APurchase_EntersCare_AndTheCouponIsIssuedOnce_72HoursLater()
    {
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        await GoLiveAsync(server, "care", Care);

        await server.SendAsync(SegmentTestServer.Track("u1", "Order Completed", Now));
        await RunAsync(server);
        Assert.Equal((1, 1), Counts(await StatisticsAsync(server, "care")));

        time.Advance(TimeSpan.FromHours(71));
        await RunAsync(server);
        Assert.Equal(0, Connector(await StatisticsAsync(server, "care"), "coupon", "delivered"));

        time.Advance(TimeSpan.FromHours(1));
        await RunAsync(server);
        await RunAsync(server);
        await server.FlushAsync();

        var statistics = await StatisticsAsync(server, "care");
        Assert.Equal((1, 0), Counts(statistics));
        Assert.Equal(1, Connector(statistics, "coupon", "delivered"));
        Assert.Equal((1, 0, 1, 0), Step(statistics, "wait"));
        Assert.Equal((1, 0, 0, 1), Step(statistics, "done"));
        var coupons = await TimelineAsync(server, "u1", "Coupon Received");
        var coupon = Assert.Single(coupons);
        Assert.Equal("CARE10", coupon.GetProperty("properties").GetProperty("coupon_id").GetString());
    }

    [Fact]
    public async Task TheGoal_EndsTheEntryMidWait_AndNothingIsSent()
    {
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        await GoLiveAsync(server, "care", Care);
        await server.SendAsync(SegmentTestServer.Track("u1", "Order Completed", Now));
        await RunAsync(server);

        time.Advance(TimeSpan.FromHours(5));
        await server.SendAsync(SegmentTestServer.Track("u1", "Review Written", Now.AddHours(5)));
        await RunAsync(server);
        time.Advance(TimeSpan.FromDays(4));
        await RunAsync(server);

        var statistics = await StatisticsAsync(server, "care");
        Assert.Equal((1, 0), Counts(statistics));
        Assert.Equal(1, statistics.GetProperty("converted").GetInt64());
        Assert.Equal((1, 0, 0, 1), Step(statistics, "wait"));
        Assert.Empty(statistics.GetProperty("connectors").EnumerateArray());
    }

    [Fact]
    public async Task ApiEntries_AreIdempotentByRequestId_AndMessagesNeedConsent()
    {
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        await server.SendAsync(SegmentTestServer.Track("u1", "Signed Up", Now));
        await PutAsync(server, "welcome", Welcome);
        const string Entry = """{"identifier": {"type": "user_id", "value": "u1"}, "requestId": "signup-u1"}""";

        Assert.Equal(HttpStatusCode.Conflict, (await server.Admin.PostJsonAsync("/api/v1/journeys/welcome/entries", Entry)).StatusCode);
        await StatusAsync(server, "welcome", "live");
        Assert.Equal(HttpStatusCode.Accepted, (await server.Admin.PostJsonAsync("/api/v1/journeys/welcome/entries", Entry)).StatusCode);
        await RunAsync(server);
        Assert.Equal(HttpStatusCode.Accepted, (await server.Admin.PostJsonAsync("/api/v1/journeys/welcome/entries", Entry)).StatusCode);
        await RunAsync(server);
        await server.FlushAsync();

        Assert.Equal(1, (await StatisticsAsync(server, "welcome")).GetProperty("entries").GetInt64());
        var profile = await server.GetJsonAsync("/api/v1/profiles/lookup?type=user_id&value=u1");
        Assert.True(profile.GetProperty("traits").GetProperty("welcomed").GetBoolean());
        var suppressed = Assert.Single((await server.GetJsonAsync("/api/v1/journeys/welcome/deliveries?status=suppressed")).EnumerateArray());
        Assert.Equal(("sms", "no consent to marketing:sms"), (suppressed.GetProperty("step").GetString(), suppressed.GetProperty("lastError").GetString()));

        var unknown = await server.Admin.PostJsonAsync("/api/v1/journeys/welcome/entries", """{"identifier": {"type": "user_id", "value": "nobody"}}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var missing = await server.Admin.PostJsonAsync("/api/v1/journeys/welcome/entries", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("identifier", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASegmentEntry_EntersThePerson_AndArchivingEndsEveryEntry()
    {
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        (await server.Admin.PutAsync("/api/v1/segments/buyers", HttpJson.Body("""{"when": "did(\"Order Completed\")"}"""))).EnsureSuccessStatusCode();
        await GoLiveAsync(server, "care", Care.Replace("""{"kind": "event", "event": "Order Completed"}""", """{"kind": "segmentEntered", "segment": "buyers"}""", StringComparison.Ordinal));

        await server.SendAsync(SegmentTestServer.Track("u1", "Order Completed", Now), SegmentTestServer.Track("u2", "Product Viewed", Now));
        await RunAsync(server);
        Assert.Equal((1, 1), Counts(await StatisticsAsync(server, "care")));

        await StatusAsync(server, "care", "archived");
        time.Advance(TimeSpan.FromDays(4));
        await RunAsync(server);

        var statistics = await StatisticsAsync(server, "care");
        Assert.Equal((1, 0), Counts(statistics));
        Assert.Empty(statistics.GetProperty("connectors").EnumerateArray());
    }

    [Fact]
    public async Task TimersThatFellDueWhileHelixWasDown_FireAfterTheRestart()
    {
        using var directory = new TempDirectory("helix-journey-restart");
        var time = new FakeTimeProvider(Now);
        await using (var first = await HelixTestServer.StartAsync(directory.Path, timeProvider: time))
        {
            await GoLiveAsync(first, "care", Care);
            await first.SendAsync(SegmentTestServer.Track("u1", "Order Completed", Now), SegmentTestServer.Track("u2", "Order Completed", Now));
            await RunAsync(first);
            Assert.Equal((2, 2), Counts(await StatisticsAsync(first, "care")));
        }

        time.Advance(TimeSpan.FromDays(10));
        await using var second = await HelixTestServer.StartAsync(directory.Path, timeProvider: time);
        // No explicit round: the hosted runner and dispatcher catch up by themselves.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Connector(await StatisticsAsync(second, "care"), "coupon", "delivered") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var statistics = await StatisticsAsync(second, "care");
        Assert.Equal((2, 0), Counts(statistics));
        Assert.Equal(2, Connector(statistics, "coupon", "delivered"));
    }

    [Fact]
    public async Task ABirthdayJourney_EntersThreeDaysBefore_At10_OncePerRun()
    {
        const string Birthday = """
            {"name": "birthday", "entry": {"kind": "anniversary", "trait": "birthday", "offsetDays": -3, "at": "10:00"},
             "reentry": {"after": "300d"}, "holdout": 0.1, "start": "split",
             "steps": [
               {"id": "split", "kind": "split", "arms": [{"name": "c20", "weight": 1, "next": "c20"}, {"name": "c50", "weight": 1, "next": "c50"}]},
               {"id": "c20", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY20"}, "next": "done"},
               {"id": "c50", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY50"}, "next": "done"},
               {"id": "done", "kind": "exit"}]}
            """;
        // 04:00 in Shanghai on 5 November.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 4, 20, 0, 0, TimeSpan.Zero));
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        await server.SendAsync(
            SegmentTestServer.Identify("u1", Now, new JsonObject { ["birthday"] = "1990-11-08" }),
            SegmentTestServer.Identify("u2", Now, new JsonObject { ["birthday"] = "1985-11-09" }),
            SegmentTestServer.Identify("u3", Now, new JsonObject { ["birthday"] = "not a date" }));
        await GoLiveAsync(server, "birthday", Birthday);
        await RunAsync(server);
        Assert.Equal(0, (await StatisticsAsync(server, "birthday")).GetProperty("entries").GetInt64());

        time.Advance(TimeSpan.FromHours(6));
        await RunAsync(server);
        await RunAsync(server);
        var first = await StatisticsAsync(server, "birthday");
        time.Advance(TimeSpan.FromDays(1));
        await RunAsync(server);
        await RunAsync(server);

        Assert.Equal(1, first.GetProperty("entries").GetInt64());
        var statistics = await StatisticsAsync(server, "birthday");
        Assert.Equal(2, statistics.GetProperty("entries").GetInt64());
        Assert.Equal(2, Connector(statistics, "coupon", "delivered") + Connector(statistics, "coupon", "withheld"));
        Assert.Equal(2, statistics.GetProperty("branches").EnumerateArray().Sum(b => b.GetProperty("entries").GetInt64()));
    }

    [Fact]
    public async Task TheGlobalHoldout_GetsNothing_FromAnyJourney()
    {
        const string Instant = """
            {"name": "joined", "entry": {"kind": "event", "event": "Joined"}, "start": "coupon",
             "steps": [{"id": "coupon", "kind": "action", "connector": "coupon", "parameters": {"couponId": "HELLO"}, "next": "done"}, {"id": "done", "kind": "exit"}]}
            """;
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        var bad = await server.Admin.PutAsync("/api/v1/journey-settings", HttpJson.Body("""{"globalHoldout": 0.9}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("globalHoldout", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await server.Admin.PutAsync("/api/v1/journey-settings", HttpJson.Body("""{"globalHoldout": 0.2, "fatigue": {"perDay": 3}}"""))).EnsureSuccessStatusCode();
        Assert.Equal(0.2, (await server.GetJsonAsync("/api/v1/journey-settings")).GetProperty("globalHoldout").GetDouble());
        await GoLiveAsync(server, "joined", Instant);

        await server.SendAsync([.. Enumerable.Range(0, 40).Select(i => SegmentTestServer.Track($"u{i}", "Joined", Now))]);
        await RunAsync(server);
        await RunAsync(server);

        var holdout = new Helix.Core.Journeys.Delivery.MarketingPressure(null, new Dictionary<string, Helix.Core.Journeys.Delivery.SendLimit>(), 0.2);
        var workspace = new Helix.Core.Workspaces.WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId);
        var expected = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var person = await server.PersonIdAsync($"u{i}");
            if (holdout.HeldOut(workspace, new Helix.Core.Profiles.PersonId(person)))
            {
                expected.Add(person);
            }
        }

        var suppressed = (await server.GetJsonAsync("/api/v1/journeys/joined/deliveries?status=suppressed")).EnumerateArray().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, suppressed.Select(d => d.GetProperty("person").GetString()!).ToHashSet());
        Assert.All(suppressed, d => Assert.Equal("global holdout", d.GetProperty("lastError").GetString()));
        Assert.Equal(40 - expected.Count, Connector(await StatisticsAsync(server, "joined"), "coupon", "delivered"));
    }

    /// <summary>Two SMS in a row through a real (loopback) gateway: consent decides who may get them, the fatigue limit how many.</summary>
    [Fact]
    public async Task Messages_NeedConsent_AndTheFatigueLimitCountsEveryJourney()
    {
        const string Promo = """
            {"name": "promo", "entry": {"kind": "api"}, "reentry": "afterExit", "start": "first",
             "steps": [
               {"id": "first", "kind": "action", "connector": "sms", "parameters": {"connection": "gw", "template": "Hi {{ traits.name }}"}, "next": "second"},
               {"id": "second", "kind": "action", "connector": "sms", "parameters": {"connection": "gw", "template": "Again"}, "next": "done"},
               {"id": "done", "kind": "exit"}]}
            """;
        await using var gateway = await Connectors.StandIn.StartAsync();
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time);
        var connection = new JsonObject
        {
            ["connector"] = "sms",
            ["settings"] = new JsonObject { ["url"] = gateway.Url("/send"), ["body"] = new JsonObject { ["to"] = "{{ to }}", ["text"] = "{{ message }}" } },
        };
        (await server.Admin.PutAsync("/api/v1/connections/gw", HttpJson.Body(connection.ToJsonString()))).EnsureSuccessStatusCode();
        (await server.Admin.PutAsync("/api/v1/journey-settings", HttpJson.Body("""{"fatigue": {"perDay": 1}}"""))).EnsureSuccessStatusCode();
        JsonObject Member(string user, bool consents) => new()
        {
            ["type"] = "track", ["userId"] = user, ["event"] = "Consent Updated", ["timestamp"] = Now.ToString("O"),
            ["properties"] = new JsonObject { ["consents"] = new JsonArray(new JsonObject { ["purpose"] = "marketing", ["channel"] = "sms", ["granted"] = consents }) },
            ["context"] = new JsonObject { ["externalIds"] = new JsonArray(new JsonObject { ["type"] = "phone", ["id"] = user == "u1" ? "+8613800000001" : "+8613800000002" }) },
        };
        await server.SendAsync(Member("u1", consents: true), Member("u2", consents: false), SegmentTestServer.Identify("u1", Now, new JsonObject { ["name"] = "Lin" }));
        await GoLiveAsync(server, "promo", Promo);

        foreach (var user in new[] { "u1", "u2" })
        {
            var entry = new JsonObject { ["identifier"] = new JsonObject { ["type"] = "user_id", ["value"] = user } };
            Assert.Equal(HttpStatusCode.Accepted, (await server.Admin.PostJsonAsync("/api/v1/journeys/promo/entries", entry.ToJsonString())).StatusCode);
        }

        await RunAsync(server);
        await RunAsync(server);

        var sent = JsonElement.Parse(Assert.Single(gateway.Requests).Body);
        Assert.Equal(("+8613800000001", "Hi Lin"), (sent.GetProperty("to").GetString(), sent.GetProperty("text").GetString()));
        var suppressed = (await server.GetJsonAsync("/api/v1/journeys/promo/deliveries?status=suppressed")).EnumerateArray()
            .Select(d => (d.GetProperty("step").GetString(), d.GetProperty("lastError").GetString())).Order().ToList();
        Assert.Equal([("first", "no consent to marketing:sms"), ("second", "fatigue limit: skipped"), ("second", "no consent to marketing:sms")], suppressed);
    }

    private static async Task RunAsync(HelixTestServer server)
    {
        await server.App.Services.GetRequiredService<JourneyRunner>().RunRoundAsync(CancellationToken.None);
        await server.App.Services.GetRequiredService<JourneyDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    private static async Task PutAsync(HelixTestServer server, string name, string json)
    {
        using var response = await server.Admin.PutAsync($"/api/v1/journeys/{name}", HttpJson.Body(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task StatusAsync(HelixTestServer server, string name, string status)
    {
        using var response = await server.Admin.PostJsonAsync($"/api/v1/journeys/{name}/status", new JsonObject { ["status"] = status }.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task GoLiveAsync(HelixTestServer server, string name, string json)
    {
        await PutAsync(server, name, json);
        await StatusAsync(server, name, "live");
    }

    private static Task<JsonElement> StatisticsAsync(HelixTestServer server, string name) => server.GetJsonAsync($"/api/v1/journeys/{name}/statistics");

    private static (long Entries, long Inside) Counts(JsonElement statistics) => (statistics.GetProperty("entries").GetInt64(), statistics.GetProperty("inside").GetInt64());

    private static long Connector(JsonElement statistics, string connector, string field) =>
        statistics.GetProperty("connectors").EnumerateArray().Where(c => c.GetProperty("connector").GetString() == connector)
            .Select(c => c.GetProperty(field).GetInt64()).SingleOrDefault();

    private static (long Entered, long Waiting, long Passed, long Exited) Step(JsonElement statistics, string step)
    {
        var s = statistics.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step);
        return (s.GetProperty("entered").GetInt64(), s.GetProperty("waiting").GetInt64(), s.GetProperty("passed").GetInt64(), s.GetProperty("exited").GetInt64());
    }

    private static async Task<List<JsonElement>> TimelineAsync(HelixTestServer server, string user, string name)
    {
        var person = await server.PersonIdAsync(user);
        var page = await server.GetJsonAsync($"/api/v1/profiles/{person}/events?limit=100");
        return [.. page.GetProperty("events").EnumerateArray().Where(e => e.TryGetProperty("event", out var n) && n.GetString() == name)];
    }
}
