using Helix.Core.Privacy.Consent;

namespace Helix.Server.Privacy.Consent;

/// <summary>One statement as the API shows it: <c>topic</c> is the wire form (<c>marketing:sms</c>).</summary>
public sealed record ConsentResponse(string Topic, string Purpose, string? Channel, bool Granted, DateTimeOffset At, string Source, string MessageId)
{
    public static ConsentResponse From(ConsentStatement s) =>
        new(s.Topic.ToString(), s.Topic.Purpose, s.Topic.Channel, s.Granted, s.At, s.Source, s.MessageId);

    /// <summary>The latest statement per topic stated, in topic order.</summary>
    public static IReadOnlyList<ConsentResponse> Current(IEnumerable<ConsentStatement> statements) =>
        [.. ConsentState.Of(statements).Current.Select(From)];
}

/// <summary>A person's consents now (latest per topic; a topic not listed has no consent) and every statement, newest first.</summary>
public sealed record PersonConsentsResponse(string PersonId, IReadOnlyList<ConsentResponse> Consents, IReadOnlyList<ConsentResponse> History);
