using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Privacy.Consent;

namespace Helix.Core.Tests.Journeys;

/// <summary>Journey definitions from JSON: the two journeys of docs/journeys.md, and each kind of mistake named by its field.</summary>
public sealed class JourneySpecTests
{
    public const string CareJourney = """
        {"name": "care_72h", "description": "A care message 72 hours after a purchase",
         "entry": {"kind": "event", "event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 100}]},
         "reentry": "afterExit",
         "quietHours": {"from": "21:00", "to": "09:00"}, "whenBlocked": "postpone",
         "start": "wait_72h",
         "steps": [
           {"id": "wait_72h", "kind": "wait", "duration": "72h", "next": "care_sms"},
           {"id": "care_sms", "kind": "action", "connector": "sms", "parameters": {"connection": "aliyun", "template": "SMS_CARE_01"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    public const string BirthdayJourney = """
        {"name": "birthday_coupon",
         "entry": {"kind": "anniversary", "trait": "birthday", "offsetDays": -3, "at": "10:00"},
         "reentry": {"after": "300d"}, "holdout": 0.1,
         "goal": {"event": "Order Completed", "within": "14d"},
         "start": "split",
         "steps": [
           {"id": "split", "kind": "split", "arms": [{"name": "coupon_20", "weight": 1, "next": "coupon_20"}, {"name": "coupon_50", "weight": 1, "next": "coupon_50"}]},
           {"id": "coupon_20", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY20"}, "next": "tell"},
           {"id": "coupon_50", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY50"}, "next": "tell"},
           {"id": "tell", "kind": "action", "connector": "wechat_template", "parameters": {"connection": "oa", "templateId": "T1", "data": {"first": "生日快乐"}}, "next": "wait_use"},
           {"id": "wait_use", "kind": "waitForEvent", "event": "Coupon Applied", "timeout": "7d", "next": "done", "timeoutNext": "vip"},
           {"id": "vip", "kind": "condition", "when": "tag(\"rfm_segment\") = \"important_value\"", "then": "guide", "else": "done"},
           {"id": "guide", "kind": "action", "connector": "guide_task", "parameters": {"title": "Call about the birthday coupon", "dueIn": "2d"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    [Fact]
    public void CareJourney_ReadsEveryField()
    {
        var journey = Parse(CareJourney);

        var entry = Assert.IsType<EventEntry>(journey.Entry);
        Assert.Equal(["Order Completed"], entry.Event.Events);
        Assert.Equal(ReentryMode.AfterExit, journey.Reentry.Mode);
        Assert.Equal(new JourneySending(new QuietHours(new TimeOnly(21, 0), new TimeOnly(9, 0)), BlockedSend.Postpone), journey.Sending);
        Assert.Equal(TimeSpan.FromHours(72), Assert.IsType<WaitStep>(journey.Step("wait_72h")).Duration);
        var send = Assert.IsType<ActionStep>(journey.Step("care_sms"));
        // A message needs its channel's consent unless the action names another topic.
        Assert.Equal(new ConsentTopic("marketing", "sms"), send.Action.Consent!.Topic);
        Assert.Equal("SMS_CARE_01", send.Action.Parameters.GetProperty("template").GetString());
    }

    [Fact]
    public void BirthdayJourney_ReadsTheSplitHoldoutGoalAndBranches()
    {
        var journey = Parse(BirthdayJourney);

        Assert.Equal(new AnniversaryEntry("birthday", -3, new TimeOnly(10, 0)), journey.Entry);
        Assert.Equal(new JourneyReentry(ReentryMode.AfterDelay, TimeSpan.FromDays(300)), journey.Reentry);
        Assert.Equal((0.1, TimeSpan.FromDays(14)), (journey.Holdout, journey.Goal!.Within));
        Assert.Equal(["coupon_20", "coupon_50"], Assert.IsType<SplitStep>(journey.Step("split")).Arms.Select(a => a.Name));
        var wait = Assert.IsType<WaitForEventStep>(journey.Step("wait_use"));
        Assert.Equal(("done", "vip", TimeSpan.FromDays(7)), (wait.Then, wait.OnTimeout, wait.Timeout));
        Assert.Null(Assert.IsType<ActionStep>(journey.Step("coupon_20")).Action.Consent);
        Assert.Equal("marketing:wechat", Assert.IsType<ActionStep>(journey.Step("tell")).Action.Consent!.Topic.ToString());
    }

    [Theory]
    [InlineData("""{"entry": null}""", "entry")]
    [InlineData("""{"entry": {"kind": "telepathy"}}""", "entry.kind")]
    [InlineData("""{"entry": {"kind": "event"}}""", "entry.event")]
    [InlineData("""{"entry": {"kind": "schedule", "cron": "every day", "audience": "tag(\"vip\")"}}""", "entry.cron")]
    [InlineData("""{"entry": {"kind": "anniversary", "trait": "birthday", "offsetDays": 400}}""", "entry.offsetDays")]
    [InlineData("""{"reentry": "sometimes"}""", "reentry")]
    [InlineData("""{"holdout": 0.9}""", "holdout")]
    [InlineData("""{"quietHours": {"from": "21:00", "to": "21:00"}}""", "quietHours.to")]
    [InlineData("""{"quietHours": {"from": "9pm", "to": "09:00"}}""", "quietHours.from")]
    [InlineData("""{"whenBlocked": "panic"}""", "whenBlocked")]
    [InlineData("""{"goal": {"event": "Order Completed"}}""", "goal.within")]
    [InlineData("""{"start": "nowhere"}""", "start")]
    [InlineData("""{"colour": "red"}""", "colour")]
    [InlineData("""{"steps": []}""", "steps")]
    public void BadJourneyField_IsNamed(string change, string field) =>
        AssertNamed(With(CareJourney, change), field);

    [Theory]
    [InlineData("""{"id": "wait_72h", "kind": "wait", "duration": "forever", "next": "care_sms"}""", "steps[0].duration")]
    [InlineData("""{"id": "wait_72h", "kind": "wait", "duration": "72h", "next": "nowhere"}""", "steps[0].next")]
    [InlineData("""{"id": "wait_72h", "kind": "wait", "duration": "72h"}""", "steps[0].next")]
    [InlineData("""{"id": "wait_72h", "kind": "nap", "next": "care_sms"}""", "steps[0].kind")]
    [InlineData("""{"id": "Wait 72h", "kind": "wait", "duration": "72h", "next": "care_sms"}""", "steps[0].id")]
    [InlineData("""{"id": "wait_72h", "kind": "waitUntil", "time": "25:00", "next": "care_sms"}""", "steps[0].time")]
    [InlineData("""{"id": "wait_72h", "kind": "waitForEvent", "event": "Coupon Applied", "timeout": "3d", "next": "care_sms"}""", "steps[0].timeoutNext")]
    [InlineData("""{"id": "wait_72h", "kind": "condition", "when": "tag(", "then": "care_sms", "else": "done"}""", "steps[0].when")]
    [InlineData("""{"id": "wait_72h", "kind": "split", "arms": [{"name": "a", "next": "care_sms"}]}""", "steps[0].arms")]
    [InlineData("""{"id": "wait_72h", "kind": "split", "arms": [{"name": "a", "weight": 0, "next": "care_sms"}, {"name": "b", "next": "done"}]}""", "steps[0].arms[0].weight")]
    [InlineData("""{"id": "wait_72h", "kind": "split", "arms": [{"name": "a", "next": "care_sms"}, {"name": "a", "next": "done"}]}""", "steps[0].arms[1].name")]
    [InlineData("""{"id": "wait_72h", "kind": "split", "arms": [{"name": "a", "next": "care_sms"}, {"name": "b", "next": "gone"}]}""", "steps[0].arms[1].next")]
    [InlineData("""{"id": "wait_72h", "kind": "action", "connector": "fax", "parameters": {}, "next": "care_sms"}""", "steps[0].connector")]
    [InlineData("""{"id": "wait_72h", "kind": "action", "connector": "sms", "parameters": {"connection": "x"}, "next": "care_sms"}""", "steps[0].parameters.template")]
    [InlineData("""{"id": "wait_72h", "kind": "action", "connector": "sms", "parameters": {"connection": "x", "template": "t", "to": "138"}, "next": "care_sms"}""", "steps[0].parameters.to")]
    [InlineData("""{"id": "wait_72h", "kind": "action", "connector": "sms", "consent": "marketing:fax", "parameters": {"connection": "x", "template": "t"}, "next": "care_sms"}""", "steps[0].consent")]
    [InlineData("""{"id": "care_sms", "kind": "exit"}""", "steps[1].id")]
    public void BadStep_IsNamed(string firstStep, string field)
    {
        var json = JsonNode(CareJourney);
        json["steps"]![0] = System.Text.Json.Nodes.JsonNode.Parse(firstStep);
        AssertNamed(json.ToJsonString(), field);
    }

    [Fact]
    public void ALoop_IsRefused_AtTheBranchThatClosesIt()
    {
        var json = JsonNode(CareJourney);
        json["steps"]![1]!["next"] = "wait_72h";

        AssertNamed(json.ToJsonString(), "steps[1].next", "no loops");
    }

    [Fact]
    public void AStepNoPathReaches_IsRefused()
    {
        var json = JsonNode(CareJourney);
        ((System.Text.Json.Nodes.JsonArray)json["steps"]!).Add(System.Text.Json.Nodes.JsonNode.Parse("""{"id": "orphan", "kind": "exit"}"""));

        AssertNamed(json.ToJsonString(), "steps[3]", "never reached");
    }

    [Theory]
    [InlineData("21:00", "09:00", "22:30", true)]
    [InlineData("21:00", "09:00", "08:59", true)]
    [InlineData("21:00", "09:00", "09:00", false)]
    [InlineData("12:00", "14:00", "13:00", true)]
    [InlineData("12:00", "14:00", "20:00", false)]
    public void QuietHours_MayCrossMidnight(string from, string to, string at, bool quiet) =>
        Assert.Equal(quiet, new QuietHours(Time(from), Time(to)).Contains(Time(at)));

    private static TimeOnly Time(string text) => TimeOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    internal static JourneyDefinition Parse(string json)
    {
        var (journey, errors) = JourneySpec.Parse(JsonDocument.Parse(json).RootElement);
        Assert.True(journey is not null, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
        return journey;
    }

    private static void AssertNamed(string json, string field, string? reason = null)
    {
        var (journey, errors) = JourneySpec.Parse(JsonDocument.Parse(json).RootElement);

        Assert.Null(journey);
        Assert.Contains(errors, e => e.Field == field && (reason is null || e.Reason.Contains(reason, StringComparison.Ordinal)));
    }

    private static System.Text.Json.Nodes.JsonObject JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    /// <summary>The journey with the top-level members of <paramref name="change"/> replaced (null removes one).</summary>
    private static string With(string journey, string change)
    {
        var json = JsonNode(journey);
        foreach (var (name, value) in JsonNode(change).ToList())
        {
            json.Remove(name);
            if (value is not null)
            {
                json[name] = value.DeepClone();
            }
        }

        return json.ToJsonString();
    }
}
