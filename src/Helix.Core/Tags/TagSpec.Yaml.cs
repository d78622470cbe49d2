using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Tags;

/// <summary>Catalogs written in YAML: converted to JSON first, so the same parser and the same field paths apply.</summary>
public static partial class TagSpec
{
    /// <summary>Parses a catalog in YAML; a YAML syntax error is one error on <c>$</c> with its line and column.</summary>
    public static (TagCatalog? Catalog, IReadOnlyList<FieldError> Errors) ParseCatalogYaml(string yaml)
    {
        var (json, error) = YamlJson.Convert(yaml);
        if (json is null)
        {
            return (null, [new FieldError("$", error!)]);
        }

        // The catalog keeps no reference into the document (condition values are cloned), so it may be disposed here.
        using var document = JsonDocument.Parse(json);
        return ParseCatalog(document.RootElement);
    }
}
