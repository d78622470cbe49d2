using Helix.Core.Privacy.Consent;

namespace Helix.Core.Journeys;

/// <summary>
/// The connectors an action can use, the fields each needs, and for messages the consent topic a send needs unless
/// the action names another. Messages count towards frequency caps; marketing (messages and incentives such as coupons)
/// is never given to the global holdout.
/// </summary>
public static class JourneyConnectors
{
    /// <param name="Consent">For a marketing message: the topic its sends need by default; null for other actions.</param>
    /// <param name="Required">Parameters the action must give.</param>
    /// <param name="Optional">Parameters it may give.</param>
    /// <param name="Incentive">Marketing that is not a message (a coupon): the global holdout is kept from it like from messages.</param>
    public sealed record Connector(string Name, ConsentTopic? Consent, IReadOnlyList<string> Required, IReadOnlyList<string> Optional, bool Incentive = false)
    {
        public bool IsMessage => Consent is not null;

        /// <summary>Withheld from the global holdout: every message, and incentives.</summary>
        public bool IsMarketing => IsMessage || Incentive;
    }

    private static ConsentTopic Marketing(string channel) => new(ConsentTopic.Marketing, channel);

    public static IReadOnlyDictionary<string, Connector> All { get; } = new Connector[]
    {
        new("sms", Marketing("sms"), ["connection", "template"], []),
        new("email", Marketing("email"), ["connection", "subject", "body"], ["from"]),
        new("wechat_template", Marketing("wechat"), ["connection", "templateId", "data"], ["url", "miniProgram"]),
        new("wechat_subscribe", Marketing("wechat"), ["connection", "templateId", "data"], ["page"]),
        new("wecom", Marketing("wecom"), ["connection", "text"], []),
        new("push", Marketing("push"), ["connection", "title", "body"], ["data"]),
        new("webhook", null, ["connection"], ["body"]),
        new("coupon", null, ["couponId"], ["validDays"], Incentive: true),
        new("set_trait", null, ["trait", "value"], []),
        new("add_to_segment", null, ["segment"], []),
        new("remove_from_segment", null, ["segment"], []),
        new("guide_task", null, ["title", "dueIn"], ["note"]),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);
}
