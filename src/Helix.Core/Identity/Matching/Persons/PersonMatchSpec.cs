using System.Text.Json;
using System.Text.Json.Serialization;
using Helix.Core.Collect;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>
/// How to match a workspace's persons, as data: which traits to compare and how, which blocking keys
/// make the candidate pairs, and the two thresholds in bits. <see cref="Validate"/> names every bad field.
/// Omitted parts take the defaults of <see cref="PersonMatchConfig.Default"/>.
/// </summary>
public sealed class PersonMatchSpec
{
    public const int MaxFields = 27;
    public const int MaxRules = 20;

    /// <summary>A block of n persons makes n²/2 pairs: past this, one junk key would swamp the server.</summary>
    public const int MaxBlockSizeLimit = 2_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public List<FieldSpec>? Fields { get; set; }

    public List<BlockingSpec>? Blocking { get; set; }

    /// <summary>Bits from which a pair is proposed for review.</summary>
    public double? Review { get; set; }

    /// <summary>Bits from which a pair is merged unasked.</summary>
    public double? AutoMerge { get; set; }

    public int? MaxBlockSize { get; set; }

    public sealed class FieldSpec
    {
        /// <summary>The trait compared (a key of the profile's traits).</summary>
        public string? Trait { get; set; }

        /// <summary>exact, jaroWinkler, chineseName, date, numeric or phone.</summary>
        public string? Comparator { get; set; }
    }

    public sealed class BlockingSpec
    {
        public string? Name { get; set; }

        /// <summary>The key is these parts joined; a person missing any part is left out of the rule.</summary>
        public List<KeyPartSpec>? Keys { get; set; }

        /// <summary>Sorts the parts first, so swapped values (surname in the given-name field) meet.</summary>
        public bool? AnyOrder { get; set; }
    }

    public sealed class KeyPartSpec
    {
        public string? Trait { get; set; }

        /// <summary>Only the first N characters.</summary>
        public int? Prefix { get; set; }

        /// <summary>Only the last N characters (a phone's last four digits).</summary>
        public int? Suffix { get; set; }

        /// <summary>The characters sorted: transposed digits or letters meet.</summary>
        public bool? SortCharacters { get; set; }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">Not JSON of this shape.</exception>
    public static PersonMatchSpec FromJson(string json) => JsonSerializer.Deserialize<PersonMatchSpec>(json, Json) ?? new PersonMatchSpec();

    private static readonly Dictionary<string, ComparatorKind> Comparators = new(StringComparer.Ordinal)
    {
        ["exact"] = ComparatorKind.Exact,
        ["jaroWinkler"] = ComparatorKind.JaroWinkler,
        ["chineseName"] = ComparatorKind.ChineseName,
        ["date"] = ComparatorKind.Date,
        ["numeric"] = ComparatorKind.Numeric,
        ["phone"] = ComparatorKind.Phone,
    };

    /// <summary>The configuration this spec describes, or the fields that are wrong.</summary>
    public PersonMatchConfig? Validate(out IReadOnlyList<FieldError> errors)
    {
        var found = new List<FieldError>();
        var defaults = PersonMatchConfig.Default;
        var fields = Fields is null ? defaults.Fields : ValidateFields(Fields, found);
        var traits = fields.Select(f => f.Name).ToList();
        // The default blocking rules point at the default fields: custom fields need their own.
        var rules = Blocking is null && Fields is null ? defaults.Blocking : ValidateBlocking(Blocking ?? [], traits, found);
        var review = Review ?? defaults.Thresholds.Review;
        var autoMerge = AutoMerge ?? defaults.Thresholds.AutoMerge;
        if (!double.IsFinite(review) || review < 0)
        {
            found.Add(new FieldError("review", "must be a number of bits, at least 0"));
        }

        if (!double.IsFinite(autoMerge) || autoMerge < review)
        {
            found.Add(new FieldError("autoMerge", "must be a number of bits, at least 'review'"));
        }

        if (MaxBlockSize is < 2 or > MaxBlockSizeLimit)
        {
            found.Add(new FieldError("maxBlockSize", $"must be between 2 and {MaxBlockSizeLimit}"));
        }

        errors = found;
        return found.Count > 0
            ? null
            : new PersonMatchConfig(fields, rules, new MatchThresholds(review, autoMerge), MaxBlockSize ?? defaults.MaxBlockSize);
    }

    private static List<MatchField> ValidateFields(List<FieldSpec> fields, List<FieldError> found)
    {
        if (fields.Count is 0 or > MaxFields)
        {
            found.Add(new FieldError("fields", $"between 1 and {MaxFields} fields"));
            return [];
        }

        var valid = new List<MatchField>();
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i]?.Trait is not { Length: > 0 and <= 128 } trait)
            {
                found.Add(new FieldError($"fields[{i}].trait", "is required: the name of a trait, at most 128 characters"));
            }
            else if (valid.Any(f => f.Name == trait))
            {
                found.Add(new FieldError($"fields[{i}].trait", $"'{trait}' is compared twice"));
            }
            else if (fields[i].Comparator is not { } name || !Comparators.TryGetValue(name, out var comparator))
            {
                found.Add(new FieldError($"fields[{i}].comparator", $"must be one of {string.Join(", ", Comparators.Keys)}"));
            }
            else
            {
                valid.Add(new MatchField(trait, comparator));
            }
        }

        return valid;
    }

    private static List<PersonBlockingRule> ValidateBlocking(List<BlockingSpec> rules, List<string> traits, List<FieldError> found)
    {
        if (rules.Count is 0 or > MaxRules)
        {
            found.Add(new FieldError("blocking", $"between 1 and {MaxRules} rules over the compared traits: without blocking every pair would be compared"));
            return [];
        }

        var valid = new List<PersonBlockingRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var field = $"blocking[{i}]";
            var keys = rules[i]?.Keys ?? [];
            if (keys.Count is 0 or > 4)
            {
                found.Add(new FieldError($"{field}.keys", "between 1 and 4 key parts"));
                continue;
            }

            var parts = new List<PersonBlockingRule.KeyPart>();
            for (var k = 0; k < keys.Count; k++)
            {
                var part = keys[k];
                var at = $"{field}.keys[{k}]";
                if (part?.Trait is not { } trait || !traits.Contains(trait))
                {
                    found.Add(new FieldError($"{at}.trait", "must be one of the compared fields' traits"));
                }
                else if (part.Prefix is < 1 || part.Suffix is < 1 || part is { Prefix: not null, Suffix: not null })
                {
                    found.Add(new FieldError($"{at}.prefix", "prefix or suffix, not both, each at least 1"));
                }
                else
                {
                    parts.Add(new PersonBlockingRule.KeyPart(traits.IndexOf(trait), part.Prefix, part.Suffix, part.SortCharacters ?? false));
                }
            }

            if (parts.Count == keys.Count)
            {
                valid.Add(new PersonBlockingRule(rules[i].Name ?? $"rule{i}", parts, rules[i].AnyOrder ?? false));
            }
        }

        return valid;
    }
}
