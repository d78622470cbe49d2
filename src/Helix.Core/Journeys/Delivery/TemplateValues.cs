using System.Text.Json;
using Fluid.Values;

namespace Helix.Core.Journeys.Delivery;

/// <summary>JSON (a person's traits) as Liquid values: objects as dictionaries, arrays, strings, numbers, booleans, null as nil.</summary>
internal static class TemplateValues
{
    public static FluidValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            element.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => From(g.Last().Value), StringComparer.Ordinal))),
        JsonValueKind.Array => new ArrayValue(element.EnumerateArray().Select(From).ToArray()),
        JsonValueKind.String => new StringValue(element.GetString()!),
        JsonValueKind.Number => element.TryGetDecimal(out var number)
            ? NumberValue.Create(number)
            : new StringValue(element.GetRawText()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        _ => NilValue.Instance,
    };
}
