using System.Text.Json;

namespace Helix.Core.Collect;

/// <summary>
/// JSON's escapes can spell text that is not Unicode — a lone surrogate such as <c>"\ud800"</c> — which parses as JSON
/// but cannot be read as a .NET string (<see cref="JsonElement.GetString"/> throws). Documents are checked once at the
/// door, so every parser behind it can read strings freely.
/// </summary>
public static class JsonStrings
{
    /// <summary>The path of the first string or property name that is not valid Unicode (<c>tags[2].when.trait</c>); null when all are.</summary>
    public static string? FirstUndecodable(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decodes(element) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUndecodable(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!NameDecodes(property))
                    {
                        return path;
                    }

                    if (FirstUndecodable(property.Value, path == "$" ? property.Name : $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Decodes(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool NameDecodes(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
