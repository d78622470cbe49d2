using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Collect;

/// <summary>
/// A validated message as it is written to the event log: the typed fields Helix needs, plus the
/// JSON objects of the original message, untouched, so nothing the SDK sent is lost.
/// </summary>
public sealed record CollectedMessage
{
    public required WorkspaceId WorkspaceId { get; init; }
    public required SourceId SourceId { get; init; }

    /// <summary>The source's trust when the message arrived (see <see cref="SourceTrust"/>).</summary>
    public SourceTrust SourceTrust { get; init; }
    public required string MessageId { get; init; }
    public required MessageType Type { get; init; }
    public string? UserId { get; init; }
    public string? AnonymousId { get; init; }

    /// <summary>Track: the event name. Page and screen: the page name.</summary>
    public string? Event { get; init; }

    public string? GroupId { get; init; }
    public string? PreviousId { get; init; }

    /// <summary>When the event happened, corrected for the client's clock skew.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The client's own clock reading, as sent.</summary>
    public DateTimeOffset? OriginalTimestamp { get; init; }

    public DateTimeOffset? SentAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public JsonElement? Properties { get; init; }
    public JsonElement? Traits { get; init; }
    public JsonElement? Context { get; init; }
    public JsonElement? Integrations { get; init; }
}
