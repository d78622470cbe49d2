using System.Text.Json;
using System.Text.RegularExpressions;
using Helix.Core.Collect;
using Helix.Core.Identity;

namespace Helix.Core.Tags;

/// <summary>
/// Tag definitions as JSON (or YAML converted to the same JSON): parsing names every bad field by its path
/// (<c>tags[4].when.all[1].value</c>); writing gives the same shape back, so Parse → Write → Parse round-trips.
/// </summary>
public static partial class TagSpec
{
    public const int MaxDepth = 16;
    public const int MaxLeaves = 200;
    public const int MaxTags = 5_000;
    public const int MaxCategories = 500;
    public const int MaxBuckets = 100;
    public const int MaxListValues = 1_000;

    private const string NameRule = "lower-case snake case starting with a letter, at most 64 characters";

    private static readonly string[] Common = ["name", "kind", "category", "description", "owner"];

    private static readonly Dictionary<TagKind, string[]> KindFields = new()
    {
        [TagKind.List] = ["identifierType"],
        [TagKind.Rule] = ["when"],
        [TagKind.Value] = ["of", "buckets"],
        [TagKind.Model] = ["model"],
    };

    /// <summary>Tag and category names: <c>^[a-z][a-z0-9_]{0,63}$</c>.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Parses one tag definition; <paramref name="field"/> prefixes every error path, e.g. <c>tags[4]</c>.</summary>
    /// <remarks>References to other tags and the category are not checked here: that needs the catalog (<see cref="ParseCatalog"/>).</remarks>
    public static (TagDefinition? Tag, IReadOnlyList<FieldError> Errors) ParseTag(JsonElement element, string field)
    {
        var errors = new List<FieldError>();
        var tag = ParseTagInto(element, field, errors);
        return (errors.Count == 0 ? tag : null, errors);
    }

    /// <summary>Names of the traits, computed traits and tags a definition reads (for usage tracking and dependency checks).</summary>
    public static TagDependencies DependenciesOf(TagDefinition tag)
    {
        var traits = new SortedSet<string>(StringComparer.Ordinal);
        var computed = new SortedSet<string>(StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        void Add(FactRef fact) => (fact.Source == FactSource.Trait ? traits : computed).Add(fact.Name);

        if (tag.Of is { } of)
        {
            Add(of);
        }

        foreach (var (leaf, _) in tag.When is { } when ? Leaves(when, "") : [])
        {
            if (leaf is FactCondition fact)
            {
                Add(fact.Fact);
            }
            else if (leaf is TagReferenceCondition reference)
            {
                tags.Add(reference.Tag);
            }
        }

        return new TagDependencies([.. traits], [.. computed], [.. tags]);
    }

    private static TagDefinition? ParseTagInto(JsonElement element, string field, List<FieldError> errors)
    {
        if (Members(element, field, "is a tag: an object with name, kind and category", errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        var name = RequiredName(members, "name", field, errors);
        var category = RequiredName(members, "category", field, errors);
        var description = OptionalText(members, "description", field, 1_000, errors);
        var owner = OptionalText(members, "owner", field, 128, errors);
        if (!members.TryGetValue("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String || !WireNames.TryParse<TagKind>(kindElement.GetString(), out var kind))
        {
            errors.Add(new FieldError(Path(field, "kind"), $"is one of {WireNames.List<TagKind>()}"));
            return null;
        }

        Unexpected(members, [.. Common, .. KindFields[kind]], field, $"a {kindElement.GetString()} tag", errors);
        var tag = new TagDefinition(name ?? "", kind, category ?? "", description, owner);
        tag = kind switch
        {
            TagKind.List => tag with { IdentifierType = IdentifierTypeOf(members, field, errors) },
            TagKind.Rule => tag with { When = RootCondition(members, field, errors) },
            TagKind.Value => tag with { Of = ValueSource(members, field, errors), Buckets = Buckets(members, field, errors) },
            _ => tag with { Model = ModelOf(members, field, errors) },
        };
        return errors.Count > before ? null : tag;
    }

    private static string? IdentifierTypeOf(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        if (!members.TryGetValue("identifierType", out var element))
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } type && IdentityRules.IsValidTypeName(type))
        {
            return type;
        }

        errors.Add(new FieldError(Path(field, "identifierType"), "is an identifier type name such as phone or user_id"));
        return null;
    }

    private static TagModel? ModelOf(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        if (members.TryGetValue("model", out var element) && element.ValueKind == JsonValueKind.String && WireNames.TryParse<TagModel>(element.GetString(), out var model))
        {
            return model;
        }

        errors.Add(new FieldError(Path(field, "model"), $"is one of {WireNames.List<TagModel>()}"));
        return null;
    }

    private static FactRef? ValueSource(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var path = Path(field, "of");
        if (!members.TryGetValue("of", out var of))
        {
            errors.Add(new FieldError(path, "is required: {\"trait\": name} or {\"computed\": name}"));
            return null;
        }

        if (Members(of, path, "is {\"trait\": name} or {\"computed\": name}", errors) is not { } ofMembers)
        {
            return null;
        }

        Unexpected(ofMembers, ["trait", "computed"], path, "a value source", errors);
        return FactOf(ofMembers, path, errors);
    }

    private static List<TagBucket>? Buckets(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var path = Path(field, "buckets");
        if (!members.TryGetValue("buckets", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > MaxBuckets)
        {
            errors.Add(new FieldError(path, $"is a list of 1 to {MaxBuckets} buckets: {{\"value\": name, \"min\": number, \"max\": number}}, checked in order"));
            return null;
        }

        var buckets = new List<TagBucket>();
        var values = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            if (Members(element, at, "is a bucket: {\"value\": name, \"min\": number, \"max\": number}", errors) is not { } bucket)
            {
                continue;
            }

            Unexpected(bucket, ["value", "min", "max"], at, "a bucket", errors);
            var value = bucket.TryGetValue("value", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 64 } s ? s : null;
            if (value is null)
            {
                errors.Add(new FieldError(Path(at, "value"), "is required: a text of 1 to 64 characters"));
            }
            else if (!values.Add(value))
            {
                errors.Add(new FieldError(Path(at, "value"), $"'{value}' is in two buckets"));
            }

            var min = Number(bucket, "min", at, required: true, errors);
            var max = Number(bucket, "max", at, required: false, errors);
            if (min is { } lo && max is { } hi && hi <= lo)
            {
                errors.Add(new FieldError(Path(at, "max"), "is greater than min"));
            }

            if (value is not null && min is { } low)
            {
                buckets.Add(new TagBucket(value, low, max));
            }
        }

        return buckets;
    }

    private static double? Number(Dictionary<string, JsonElement> members, string key, string field, bool required, List<FieldError> errors)
    {
        if (!members.TryGetValue(key, out var element))
        {
            if (required)
            {
                errors.Add(new FieldError(Path(field, key), "is required: a number"));
            }

            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(new FieldError(Path(field, key), "is a number"));
        return null;
    }

    /// <summary>The members of an object by name; null (and an error) when it is not an object or repeats a name.</summary>
    internal static Dictionary<string, JsonElement>? Members(JsonElement element, string field, string shape, List<FieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field.Length == 0 ? "$" : field, shape));
            return null;
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!members.TryAdd(property.Name, property.Value))
            {
                errors.Add(new FieldError(Path(field, property.Name), "appears twice"));
                return null;
            }
        }

        return members;
    }

    // Unknown members are errors, not ignored: a misspelt "bucket" or "whne" would otherwise silently drop a rule.
    internal static void Unexpected(Dictionary<string, JsonElement> members, IReadOnlyCollection<string> allowed, string field, string what, List<FieldError> errors)
    {
        foreach (var name in members.Keys.Where(k => !allowed.Contains(k)))
        {
            errors.Add(new FieldError(Path(field, name), $"is not a field of {what}"));
        }
    }

    internal static string? RequiredName(Dictionary<string, JsonElement> members, string key, string field, List<FieldError> errors)
    {
        if (members.TryGetValue(key, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { } name && IsValidName(name))
        {
            return name;
        }

        errors.Add(new FieldError(Path(field, key), $"is required: {NameRule}"));
        return null;
    }

    private static string? OptionalText(Dictionary<string, JsonElement> members, string key, string field, int maxLength, List<FieldError> errors)
    {
        if (!members.TryGetValue(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text && text.Length <= maxLength)
        {
            return text;
        }

        errors.Add(new FieldError(Path(field, key), $"is a text of at most {maxLength} characters"));
        return null;
    }

    internal static string Path(string field, string member) => field.Length == 0 ? member : $"{field}.{member}";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
