namespace Helix.Core.Privacy.Consent;

/// <summary>
/// What a person consents to: a purpose, and for marketing the channel it reaches them on. The wire form is
/// <c>marketing:sms</c>, or the bare purpose (<c>marketing</c>, <c>profiling</c>) for a statement that covers
/// every channel of it.
/// </summary>
public readonly record struct ConsentTopic(string Purpose, string? Channel)
{
    public const string Marketing = "marketing";
    public const string Profiling = "profiling";
    public const string Advertising = "advertising";

    /// <summary>Marketing messages; the only purpose with channels.</summary>
    public static readonly IReadOnlyList<string> Purposes = [Marketing, Profiling, Advertising];

    public static readonly IReadOnlyList<string> Channels = ["sms", "email", "wechat", "wecom", "push", "phone"];

    /// <summary>The purpose-wide topic that also speaks for this one (null for a purpose-wide topic itself).</summary>
    public ConsentTopic? PurposeWide => Channel is null ? null : new ConsentTopic(Purpose, null);

    public override string ToString() => Channel is null ? Purpose : $"{Purpose}:{Channel}";

    /// <summary>Reads <c>purpose</c> or <c>purpose:channel</c>; the reason is a sentence for a 400 naming the field.</summary>
    public static bool TryParse(string? text, out ConsentTopic topic, out string? reason)
    {
        topic = default;
        var parts = (text ?? "").Split(':');
        return parts.Length switch
        {
            1 => TryCreate(parts[0], null, out topic, out reason),
            2 => TryCreate(parts[0], parts[1], out topic, out reason),
            _ => Fail(out reason),
        };
    }

    /// <summary>Checks a purpose and an optional channel given as separate fields.</summary>
    public static bool TryCreate(string? purpose, string? channel, out ConsentTopic topic, out string? reason)
    {
        topic = default;
        if (purpose is null || !Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            return Fail(out reason);
        }

        if (channel is not null && (purpose != Marketing || !Channels.Contains(channel, StringComparer.Ordinal)))
        {
            reason = $"'{channel}' is not a channel of {purpose}: only marketing has channels ({string.Join(", ", Channels)})";
            return false;
        }

        topic = new ConsentTopic(purpose, channel);
        reason = null;
        return true;
    }

    private static bool Fail(out string? reason)
    {
        reason = $"must be a purpose ({string.Join(", ", Purposes)}) or marketing:<channel> with a channel of {string.Join(", ", Channels)}";
        return false;
    }
}
