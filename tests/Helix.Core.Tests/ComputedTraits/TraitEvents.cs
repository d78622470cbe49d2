using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.ComputedTraits;

/// <summary>Messages and definitions for the computed trait tests.</summary>
internal static class TraitEvents
{
    public static readonly TimeSpan China = WorkspaceTime.Offset;

    private static int _sequence;

    public static CollectedMessage Message(
        string? name, DateTimeOffset at, string? properties = null, string source = "src_web", MessageType type = MessageType.Track, DateTimeOffset? received = null) => new()
        {
            WorkspaceId = new WorkspaceId("ws"),
            SourceId = new SourceId(source),
            MessageId = $"m-{Interlocked.Increment(ref _sequence)}",
            Type = type,
            UserId = "u1",
            Event = name,
            Timestamp = at,
            ReceivedAt = received ?? at,
            Properties = properties is null ? null : JsonDocument.Parse(properties).RootElement.Clone(),
        };

    public static ComputedTraitDefinition Definition(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (definition, errors) = ComputedTraitSpec.Parse(document.RootElement, "trait");
        return definition ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    public static ComputedTraitState Fold(ComputedTraitDefinition definition, IEnumerable<CollectedMessage> messages)
    {
        var state = new ComputedTraitState();
        foreach (var message in messages)
        {
            state.Observe(definition, message);
        }

        return state;
    }

    public static string? Raw(this ComputedTraitState state, ComputedTraitDefinition definition, DateTimeOffset now) =>
        state.Value(definition, now)?.GetRawText();
}
