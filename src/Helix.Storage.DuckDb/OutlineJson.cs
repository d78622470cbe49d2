using System.Text.Json;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;

namespace Helix.Storage.DuckDb;

/// <summary>The persons before and after an identity operation, as the journal stores them: <c>[{id, events, identifiers: [{type, value}]}]</c>.</summary>
internal static class OutlineJson
{
    private sealed record IdentifierDto(string Type, string Value);

    private sealed record OutlineDto(string Id, long Events, IReadOnlyList<IdentifierDto> Identifiers);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(IReadOnlyList<PersonOutline> outlines) =>
        JsonSerializer.Serialize(
            outlines.Select(o => new OutlineDto(o.Id.Value, o.EventCount, [.. o.Identifiers.Select(i => new IdentifierDto(i.Type, i.Value))])),
            Options);

    public static IReadOnlyList<PersonOutline> Read(string json) =>
        [.. JsonSerializer.Deserialize<List<OutlineDto>>(json, Options)!
            .Select(o => new PersonOutline(new PersonId(o.Id), [.. o.Identifiers.Select(i => new Identifier(i.Type, i.Value))], o.Events))];
}
