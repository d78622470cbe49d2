using System.Text.Json;

namespace Helix.Core;

/// <summary>
/// The JSON names of an enum's members: the member names in camelCase (<c>distinctCount</c>, <c>gte</c>),
/// so the wire names cannot drift from the enum. Computed traits, tags and their APIs all name enums this way.
/// </summary>
public static class WireNames
{
    public static string List<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Names<TEnum>.ByName.Keys);

    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return name is not null && Names<TEnum>.ByName.TryGetValue(name, out value);
    }

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> ByName =
            Enum.GetValues<TEnum>().ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), StringComparer.Ordinal);

        public static readonly Dictionary<TEnum, string> ByValue = ByName.ToDictionary(p => p.Value, p => p.Key);
    }
}
