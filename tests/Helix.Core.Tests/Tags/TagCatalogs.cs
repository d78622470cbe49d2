using System.Text;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Tags;

/// <summary>Catalogs for tests: tag JSON objects in category <c>c</c>.</summary>
internal static class TagCatalogs
{
    public static TagCatalog Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (catalog, errors) = TagSpec.ParseCatalog(document.RootElement);
        return catalog ?? throw new InvalidOperationException(Describe(errors));
    }

    public static IReadOnlyList<FieldError> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (catalog, errors) = TagSpec.ParseCatalog(document.RootElement);
        Assert.Null(catalog);
        return errors;
    }

    /// <summary>A catalog document with one category <c>c</c> and the tags given as JSON objects.</summary>
    public static string Document(params string[] tags) =>
        $$"""{"categories": [{"name": "c"}], "tags": [{{string.Join(",", tags)}}]}""";

    public static string Rule(string name, string when) => $$"""{"name": "{{name}}", "kind": "rule", "category": "c", "when": {{when}}}""";

    public static string Write(TagCatalog catalog)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            TagSpec.WriteCatalog(writer, catalog);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Describe(IEnumerable<FieldError> errors) => string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}"));
}
