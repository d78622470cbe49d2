using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Server.Journeys.Actions;
using Helix.Server.Tests.Journeys;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Guide;

/// <summary>
/// Guide tasks (导购任务) end to end: a journey's <c>guide_task</c> action creates one task for the member's bound store
/// guide, guides list and complete them through the API, and the completion is an event a waiting journey acts on.
/// </summary>
public sealed class GuideTasksApiTests(GuideTasksApiTests.Fixture fixture) : IClassFixture<GuideTasksApiTests.Fixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A task for the member's guide, then a coupon once the guide reports back, or nothing after three days.</summary>
    private const string FollowUp = """
        {"name": "followup", "entry": {"kind": "api"}, "reentry": "afterExit", "start": "task",
         "steps": [
           {"id": "task", "kind": "action", "connector": "guide_task",
            "parameters": {"title": "回访 {{ traits.name }}", "dueIn": "48h", "note": "{{ traits.tier }} member"}, "next": "reported"},
           {"id": "reported", "kind": "waitForEvent", "event": "Guide Task Completed", "timeout": "3d", "next": "thanks", "timeoutNext": "done"},
           {"id": "thanks", "kind": "action", "connector": "coupon", "parameters": {"couponId": "THANKS"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    public sealed class Fixture() : SeededServer(new FakeTimeProvider(Start))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            await server.SendAsync(
                Member("g1", "张三", "SH-001", "SH-001-G2"),
                Member("g2", "李四", "SH-002", guide: null),
                Member("g3", "王五", store: null, guide: null),
                Member("g4", "赵六", "SH-001", "SH-001-G2"),
                Member("g5", "钱七", "SH-002", "SH-002-G1"));
            await server.SaveJourneyAsync("followup", FollowUp);
        }

        private static JsonObject Member(string user, string name, string? store, string? guide)
        {
            var traits = new JsonObject { ["name"] = name, ["tier"] = "金卡" };
            if (store is not null)
            {
                traits["home_store"] = store;
            }

            if (guide is not null)
            {
                traits["guide_id"] = guide;
            }

            return SegmentTestServer.Identify(user, Start, traits);
        }
    }

    private HelixTestServer Server => fixture.Server;

    [Fact]
    public async Task AnEntry_CreatesOneTaskForTheBoundGuide_AndARepeatedDeliveryNoSecond()
    {
        var now = fixture.Time.GetUtcNow();
        await Server.EnterAsync("followup", "g1");
        await Server.RunJourneysAsync();

        var task = Assert.Single(await TasksAsync("?guide=SH-001-G2&status=open"), t => t.GetProperty("title").GetString() == "回访 张三");
        Assert.Equal(("SH-001", "金卡 member", "open"), (task.GetProperty("store").GetString(), task.GetProperty("note").GetString(), task.GetProperty("status").GetString()));
        Assert.Equal(now.AddHours(48), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("张*", task.GetProperty("member").GetProperty("name").GetString());
        var delivery = Assert.Single(await Server.DeliveriesAsync("followup"), d => d.GetProperty("person").GetString() == task.GetProperty("personId").GetString());
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());

        // The dispatcher repeats a delivery with the same key after a crash between acting and recording it.
        var connector = Server.App.Services.GetServices<IJourneyConnector>().OfType<GuideTaskConnector>().Single();
        var outcome = await connector.DeliverAsync(await RequestAsync(delivery), CancellationToken.None);

        Assert.Equal(task.GetProperty("id").GetString(), Assert.IsType<DeliveredOutcome>(outcome).ExternalId);
        Assert.Single(await TasksAsync(""), t => t.GetProperty("personId").GetString() == task.GetProperty("personId").GetString());
    }

    [Fact]
    public async Task AMemberWithAStoreButNoGuide_GetsAStoreTask_AndOneWithNoStoreIsDeadLettered()
    {
        await Server.EnterAsync("followup", "g2");
        await Server.EnterAsync("followup", "g3");
        await Server.RunJourneysAsync();

        var storeTask = Assert.Single(await TasksAsync("?store=SH-002"), t => t.GetProperty("title").GetString() == "回访 李四");
        Assert.Equal(JsonValueKind.Null, storeTask.GetProperty("guide").ValueKind);
        var g3 = await Server.PersonIdAsync("g3");
        var dead = Assert.Single((await Server.GetJsonAsync("/api/v1/journeys/followup/deliveries?status=dead")).EnumerateArray(), d => d.GetProperty("person").GetString() == g3);
        Assert.Contains("bound to no store", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await TasksAsync(""), t => t.GetProperty("personId").GetString() == g3);
    }

    [Fact]
    public async Task AStoreKey_ListsAndCompletesOnlyItsStoresTasks()
    {
        await Server.EnterAsync("followup", "g4");
        await Server.EnterAsync("followup", "g5");
        await Server.RunJourneysAsync();
        using var shanghai = await Server.KeyClientAsync("guide", "SH-001");
        var other = Assert.Single(await TasksAsync("?store=SH-002"), t => t.GetProperty("title").GetString() == "回访 钱七");

        var seen = await TasksAsync("", shanghai);
        using var elsewhere = await shanghai.GetAsync("/api/v1/guide/tasks?store=SH-002");
        using var complete = await shanghai.PostJsonAsync($"/api/v1/guide/tasks/{other.GetProperty("id").GetString()}/completion", """{"outcome": "contacted"}""");

        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal("SH-001", t.GetProperty("store").GetString()));
        Assert.Contains(seen, t => t.GetProperty("title").GetString() == "回访 赵六");
        Assert.Empty((await elsewhere.ReadJsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal("open", Assert.Single(await TasksAsync("?store=SH-002"), t => t.GetProperty("id").GetString() == other.GetProperty("id").GetString()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACompletion_IsRecordedOnceAsAnEvent_AndTheWaitingJourneyMovesOn()
    {
        await Server.SendAsync(SegmentTestServer.Identify("g6", Start, new JsonObject { ["name"] = "孙八", ["home_store"] = "SH-003", ["guide_id"] = "SH-003-G1" }));
        await Server.EnterAsync("followup", "g6");
        await Server.RunJourneysAsync();
        var task = Assert.Single(await TasksAsync("?guide=SH-003-G1"));
        var path = $"/api/v1/guide/tasks/{task.GetProperty("id").GetString()}/completion";
        using var guide = await Server.KeyClientAsync("guide", "SH-003");

        using var first = await guide.PostJsonAsync(path, """{"outcome": "contacted", "note": "喜欢新品"}""");
        using var second = await guide.PostJsonAsync(path, """{"outcome": "no_answer"}""");
        await Server.RunJourneysAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var done = await first.ReadJsonAsync();
        Assert.Equal(("done", "contacted", "喜欢新品"), (done.GetProperty("status").GetString(),
            done.GetProperty("completion").GetProperty("outcome").GetString(), done.GetProperty("completion").GetProperty("note").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var completed = Assert.Single(await Server.EventsAsync("g6", "Guide Task Completed"));
        Assert.Equal(("contacted", task.GetProperty("id").GetString()), (completed.GetProperty("properties").GetProperty("outcome").GetString(),
            completed.GetProperty("properties").GetProperty("task_id").GetString()));
        var coupon = Assert.Single(await Server.EventsAsync("g6", "Coupon Received"));
        Assert.Equal("THANKS", coupon.GetProperty("properties").GetProperty("coupon_id").GetString());
        Assert.Equal("done", Assert.Single(await TasksAsync("?guide=SH-003-G1&status=done")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnOpenTaskPastItsDueTime_IsListedAsOverdue()
    {
        await Server.SendAsync(SegmentTestServer.Identify("g7", Start, new JsonObject { ["name"] = "周九", ["home_store"] = "SH-004", ["guide_id"] = "SH-004-G1" }));
        await Server.EnterAsync("followup", "g7");
        await Server.RunJourneysAsync();
        Assert.Empty(await TasksAsync("?guide=SH-004-G1&status=overdue"));

        fixture.Time.Advance(TimeSpan.FromHours(49));

        var overdue = Assert.Single(await TasksAsync("?guide=SH-004-G1&status=overdue"));
        Assert.Equal("overdue", overdue.GetProperty("status").GetString());
        Assert.Equal("overdue", Assert.Single(await TasksAsync("?guide=SH-004-G1")).GetProperty("status").GetString());
        Assert.Empty(await TasksAsync("?guide=SH-004-G1&status=done"));
    }

    [Theory]
    [InlineData("{}", "outcome")]
    [InlineData("""{"outcome": "Called Back!"}""", "outcome")]
    [InlineData("""{"outcome": "contacted", "note": 5}""", "note")]
    [InlineData("""{"outcome": "contacted", "result": "x"}""", "result")]
    public async Task ABadCompletion_Is400NamingTheField(string body, string field)
    {
        using var response = await Server.Admin.PostJsonAsync("/api/v1/guide/tasks/gt_unknown/completion", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTask_Is404_AndABadStatusFilter400()
    {
        using var unknown = await Server.Admin.PostJsonAsync("/api/v1/guide/tasks/gt_unknown/completion", """{"outcome": "contacted"}""");
        using var badStatus = await Server.Admin.GetAsync("/api/v1/guide/tasks?status=late");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJourneyWithABadDueIn_IsRefusedWhenSaved()
    {
        using var response = await Server.Admin.PutAsync("/api/v1/journeys/badtask", HttpJson.Body(FollowUp.Replace("followup", "badtask", StringComparison.Ordinal).Replace("48h", "soon", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("steps[0].parameters.dueIn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> TasksAsync(string query, HttpClient? client = null)
    {
        using var response = await (client ?? Server.Admin).GetAsync($"/api/v1/guide/tasks{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }

    /// <summary>The delivery as the dispatcher hands it to the connector, rebuilt from the outbox row and the stored profile.</summary>
    private async Task<DeliveryRequest> RequestAsync(JsonElement row)
    {
        var workspace = new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId);
        var person = new PersonId(row.GetProperty("person").GetString()!);
        var profile = (await Server.App.Services.GetRequiredService<IProfileReader>().GetProfileAsync(workspace, person))!;
        using var parameters = JsonDocument.Parse("""{"title": "回访 {{ traits.name }}", "dueIn": "48h"}""");
        var action = new JourneyAction("guide_task", null, parameters.RootElement.Clone());
        var delivery = new JourneyDelivery(workspace, row.GetProperty("key").GetString()!, "followup", 1, person, row.GetProperty("step").GetString()!, action, DateTimeOffset.UtcNow, 1);
        return new DeliveryRequest(delivery, null, DeliveryProfile.Of(profile));
    }
}
