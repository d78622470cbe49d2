namespace Helix.Core.Privacy.Consent;

/// <summary>
/// A person's consents now, folded from their statements. The rule: for a topic, the latest statement that speaks
/// for it wins — one on the topic itself or one on its whole purpose — ordered by when the person gave it, then
/// by log position. So "unsubscribe from all marketing" overrides an earlier SMS grant, and a later SMS grant
/// allows SMS again. No statement means no consent: Helix is opt-in for every purpose (PIPL's separate consent).
/// </summary>
public sealed class ConsentState
{
    private readonly Dictionary<ConsentTopic, ConsentStatement> _latest = [];

    private ConsentState(IEnumerable<ConsentStatement> statements)
    {
        foreach (var statement in statements)
        {
            if (!_latest.TryGetValue(statement.Topic, out var current) || statement.IsLaterThan(current))
            {
                _latest[statement.Topic] = statement;
            }
        }
    }

    public static ConsentState Empty { get; } = new([]);

    /// <summary>The statements in any order: the fold orders them itself, so a late-arriving older event changes nothing it should not.</summary>
    public static ConsentState Of(IEnumerable<ConsentStatement> statements) => new(statements);

    /// <summary>The latest statement on each topic stated, in topic order.</summary>
    public IReadOnlyList<ConsentStatement> Current =>
        [.. _latest.Values.OrderBy(s => s.Topic.Purpose, StringComparer.Ordinal).ThenBy(s => s.Topic.Channel, StringComparer.Ordinal)];

    /// <summary>Whether the person may be reached or processed for <paramref name="topic"/>.</summary>
    public bool Allows(ConsentTopic topic) => Deciding(topic)?.Granted ?? false;

    /// <summary>The statement that decides <paramref name="topic"/>; null when the person never said.</summary>
    public ConsentStatement? Deciding(ConsentTopic topic)
    {
        _latest.TryGetValue(topic, out var own);
        var wide = topic.PurposeWide is { } purpose && _latest.TryGetValue(purpose, out var w) ? w : null;
        return (own, wide) switch
        {
            (null, _) => wide,
            (_, null) => own,
            _ => wide.IsLaterThan(own) ? wide : own,
        };
    }
}
