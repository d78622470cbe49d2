using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>One entry of a person's event timeline.</summary>
public sealed record TimelineEvent(
    long Position,
    string MessageId,
    MessageType Type,
    string? Event,
    SourceId SourceId,
    string? UserId,
    string? AnonymousId,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    JsonElement? Properties,
    JsonElement? Traits,
    JsonElement? Context);
