using Helix.Core.Collect;
using Helix.Core.Profiles;

namespace Helix.Core.Identity;

/// <summary>One trait's survivorship in a rules spec: <c>{name: "name", survivorship: "sourcePriority", sources: ["src_crm", "src_app"]}</c>.</summary>
public sealed class TraitRuleSpec
{
    public const int MaxRules = 500;

    public string? Name { get; set; }

    /// <summary>mostRecent, firstSeen, neverOverwrite, sourcePriority or mostFrequent.</summary>
    public string? Survivorship { get; set; }

    /// <summary>For sourcePriority: source ids, most trusted first.</summary>
    public List<string>? Sources { get; set; }

    private static readonly Dictionary<string, TraitSurvivorship> Names = new(StringComparer.Ordinal)
    {
        ["mostRecent"] = TraitSurvivorship.MostRecent,
        ["firstSeen"] = TraitSurvivorship.FirstSeen,
        ["neverOverwrite"] = TraitSurvivorship.NeverOverwrite,
        ["sourcePriority"] = TraitSurvivorship.SourcePriority,
        ["mostFrequent"] = TraitSurvivorship.MostFrequent,
    };

    public static string Wire(TraitSurvivorship survivorship) => Names.First(n => n.Value == survivorship).Key;

    /// <summary>The rules of <paramref name="specs"/>, by trait; every bad field is added to <paramref name="errors"/>.</summary>
    public static Dictionary<string, TraitRule> Validate(List<TraitRuleSpec>? specs, List<FieldError> errors)
    {
        var rules = new Dictionary<string, TraitRule>(StringComparer.Ordinal);
        if (specs is not { Count: > 0 })
        {
            return rules;
        }

        if (specs.Count > MaxRules)
        {
            errors.Add(new FieldError("traits", $"at most {MaxRules} trait rules"));
            return rules;
        }

        for (var i = 0; i < specs.Count; i++)
        {
            var field = $"traits[{i}]";
            var spec = specs[i];
            if (spec?.Name is not { Length: > 0 and <= 128 } name)
            {
                errors.Add(new FieldError($"{field}.name", "is required: a trait name, at most 128 characters"));
            }
            else if (rules.ContainsKey(name))
            {
                errors.Add(new FieldError($"{field}.name", $"'{name}' has two rules"));
            }
            else if (spec.Survivorship is not { } wire || !Names.TryGetValue(wire, out var survivorship))
            {
                errors.Add(new FieldError($"{field}.survivorship", $"must be one of {string.Join(", ", Names.Keys)}"));
            }
            else if (survivorship == TraitSurvivorship.SourcePriority && spec.Sources is not { Count: > 0 and <= 50 })
            {
                errors.Add(new FieldError($"{field}.sources", "sourcePriority needs 1 to 50 source ids, most trusted first"));
            }
            else
            {
                rules[name] = new TraitRule(name, survivorship, survivorship == TraitSurvivorship.SourcePriority ? [.. spec.Sources!] : []);
            }
        }

        return rules;
    }
}
