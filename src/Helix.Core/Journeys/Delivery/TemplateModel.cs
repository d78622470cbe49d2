using Fluid.Values;

namespace Helix.Core.Journeys.Delivery;

/// <summary>The variables a template sees: <c>traits</c>, <c>identifiers</c> (the first value of each type), <c>person_id</c>, and what a connector adds.</summary>
public sealed class TemplateModel
{
    private readonly Dictionary<string, FluidValue> _values;

    private TemplateModel(Dictionary<string, FluidValue> values) => _values = values;

    internal IReadOnlyDictionary<string, FluidValue> Values => _values;

    public static TemplateModel For(DeliveryProfile profile)
    {
        var identifiers = profile.Identifiers.Where(i => i.Value.Count > 0)
            .ToDictionary(i => i.Key, i => (FluidValue)new StringValue(i.Value[0]), StringComparer.Ordinal);
        return new TemplateModel(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
        {
            ["traits"] = TemplateValues.From(profile.Traits),
            ["identifiers"] = new DictionaryValue(new FluidValueDictionaryFluidIndexable(identifiers)),
            ["person_id"] = new StringValue(profile.Person.Value),
        });
    }

    /// <summary>This model with one more string variable (a rendered message, a recipient's address).</summary>
    public TemplateModel With(string name, string? value) =>
        new(new Dictionary<string, FluidValue>(_values, StringComparer.Ordinal) { [name] = value is null ? NilValue.Instance : new StringValue(value) });
}
