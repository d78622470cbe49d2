namespace Helix.DemoData;

/// <summary>
/// The demo brand's two live journeys (docs/journeys.md): the 72-hour care message after a purchase, and the birthday
/// coupon A/B test with a holdout. Their messages go through the connections <c>sms_gateway</c> and
/// <c>wechat_oa</c>, which an operator configures; until then those sends wait in the dead-letter list, while the
/// coupons and traits, which Helix performs itself, happen.
/// </summary>
public static class DemoJourneys
{
    public const string Care = """
        {"name": "care_72h", "description": "关怀短信: a care message 72 hours after a purchase of ¥100 or more",
         "entry": {"kind": "event", "event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 100}]},
         "reentry": "afterExit",
         "goal": {"event": "Order Completed", "within": "30d"},
         "quietHours": {"from": "21:00", "to": "09:00"}, "whenBlocked": "postpone",
         "start": "wait_72h",
         "steps": [
           {"id": "wait_72h", "kind": "wait", "duration": "72h", "next": "care_sms"},
           {"id": "care_sms", "kind": "action", "connector": "sms", "parameters": {"connection": "sms_gateway", "template": "{{ traits.name }}，您好！您的宝贝已签收，使用中有任何问题请随时联系我们。"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    public const string Birthday = """
        {"name": "birthday_coupon", "description": "生日礼券 A/B: ¥20 against ¥50, one in ten held out",
         "entry": {"kind": "anniversary", "trait": "birthday", "offsetDays": -3, "at": "10:00"},
         "reentry": {"after": "300d"}, "holdout": 0.1,
         "goal": {"event": "Order Completed", "within": "14d"},
         "start": "split",
         "steps": [
           {"id": "split", "kind": "split", "arms": [{"name": "coupon_20", "weight": 1, "next": "coupon_20"}, {"name": "coupon_50", "weight": 1, "next": "coupon_50"}]},
           {"id": "coupon_20", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY20", "validDays": 14}, "next": "tell"},
           {"id": "coupon_50", "kind": "action", "connector": "coupon", "parameters": {"couponId": "BDAY50", "validDays": 14}, "next": "tell"},
           {"id": "tell", "kind": "action", "connector": "wechat_template", "parameters": {"connection": "wechat_oa", "templateId": "BIRTHDAY", "data": {"first": "生日快乐"}}, "next": "wait_use"},
           {"id": "wait_use", "kind": "waitForEvent", "event": "Coupon Applied", "timeout": "7d", "next": "done", "timeoutNext": "vip"},
           {"id": "vip", "kind": "condition", "when": "tag(\"rfm_segment\") = \"important_value\"", "then": "follow_up", "else": "done"},
           {"id": "follow_up", "kind": "action", "connector": "set_trait", "parameters": {"trait": "birthday_follow_up", "value": true}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    public static IReadOnlyList<string> All { get; } = [Care, Birthday];
}
