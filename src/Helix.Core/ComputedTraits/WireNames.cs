using System.Text.Json;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// The JSON names of an enum's members: the member names in camelCase (<c>distinctCount</c>, <c>gte</c>),
/// so the wire names cannot drift from the enum.
/// </summary>
internal static class WireNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName =
        Enum.GetValues<TEnum>().ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), StringComparer.Ordinal);

    private static readonly Dictionary<TEnum, string> ByValue = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static string List => string.Join(", ", ByName.Keys);

    public static bool TryParse(string? name, out TEnum value)
    {
        value = default;
        return name is not null && ByName.TryGetValue(name, out value);
    }

    public static string Of(TEnum value) => ByValue[value];
}
