using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Tests;

internal static class StoreFixtures
{
    public static readonly WorkspaceId Workspace = new("ws");
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static StoredEvent Event(long position, string person, string messageId, int minute = 0, WorkspaceId? workspace = null, string? userId = "u") =>
        new(position, new CollectedMessage
        {
            WorkspaceId = workspace ?? Workspace,
            SourceId = new SourceId("src"),
            MessageId = messageId,
            Type = MessageType.Track,
            UserId = userId,
            Event = "Viewed",
            Timestamp = T0.AddMinutes(minute).AddTicks(1230),
            ReceivedAt = T0.AddMinutes(minute),
            Properties = JsonElement.Parse("""{"sku":"薯片-1","price":12.5}"""),
        }, new PersonId(person));

    public static PersonSnapshot Person(string id, params string[] userIds) =>
        new(Workspace, new PersonId(id), 0, T0, T0.AddHours(1), 3,
            new Dictionary<string, TraitValue> { ["name"] = new(JsonElement.Parse("\"张三\""), T0.AddMinutes(5)) },
            userIds.Select(u => new IdentifierLink(new Identifier(IdentifierTypes.UserId, u), T0)).ToList());
}
