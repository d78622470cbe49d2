namespace Helix.Core.Privacy.Consent;

/// <summary>
/// One recorded grant or withdrawal: what it covers, when the person gave it (the event's timestamp), where it
/// came from (the statement's own <c>source</c>, else the Helix source that sent the event) and which event said so.
/// </summary>
public sealed record ConsentStatement(ConsentTopic Topic, bool Granted, DateTimeOffset At, string Source, string MessageId, long Position)
{
    /// <summary>The order of the rule: when the person gave it, then log position.</summary>
    public bool IsLaterThan(ConsentStatement other) => At != other.At ? At > other.At : Position > other.Position;
}
