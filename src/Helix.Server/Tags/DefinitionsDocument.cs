using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Tags;
using Helix.Server.Identity;
using YamlDotNet.Serialization;

namespace Helix.Server.Tags;

/// <summary>
/// A definitions document as JSON or YAML. YAML is turned into the same JSON (<see cref="YamlJson"/>), so
/// one parser validates both and errors name the same fields.
/// </summary>
internal static class DefinitionsDocument
{
    private static readonly ISerializer YamlWriter = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <returns>The document's root, or the reason it is not JSON or YAML (with line and column).</returns>
    public static (JsonElement? Root, string? Error) Read(string text, string? contentType)
    {
        var (root, error) = Parse(text, contentType);
        return root is { } r && JsonStrings.FirstUndecodable(r) is { } path
            ? (null, $"holds text that is not valid Unicode (a lone surrogate escape such as \\ud800) at {path}")
            : (root, error);
    }

    private static (JsonElement? Root, string? Error) Parse(string text, string? contentType)
    {
        if (RulesDocument.IsYaml(contentType))
        {
            var (json, error) = YamlJson.Convert(text);
            return json is null ? (null, error) : (JsonElement.Parse(json), null);
        }

        try
        {
            return (JsonElement.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, $"is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}");
        }
    }

    public static string ToYaml(string json) => YamlWriter.Serialize(ToPlain(JsonElement.Parse(json)));

    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
