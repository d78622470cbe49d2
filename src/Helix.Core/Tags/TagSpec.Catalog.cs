using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Tags;

/// <summary>Whole catalogs: categories, tags, and the checks across them (references, unique names, cycles).</summary>
public static partial class TagSpec
{
    /// <summary>
    /// Parses <c>{"categories": [...], "tags": [...]}</c> and checks it as a whole: unique names, every tag's category
    /// exists, every tag a condition tests is in the catalog (and has values when compared by value), no cycles among rule tags.
    /// </summary>
    public static (TagCatalog? Catalog, IReadOnlyList<FieldError> Errors) ParseCatalog(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, "", "is a tag catalog: an object with categories and tags", errors) is not { } members)
        {
            return (null, errors);
        }

        Unexpected(members, ["categories", "tags"], "", "a tag catalog", errors);
        var categories = Categories(members, errors);
        var tags = new List<TagDefinition>();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var elements = Items(members, "tags", MaxTags, errors);
        for (var i = 0; i < elements.Count; i++)
        {
            // Names are collected before parsing, so a reference to a tag with an error elsewhere is not also "unknown".
            if (elements[i].ValueKind == JsonValueKind.Object && elements[i].TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && !indexes.TryAdd(name.GetString()!, i))
            {
                errors.Add(new FieldError($"tags[{i}].name", $"'{name.GetString()}' is defined twice"));
            }

            if (ParseTagInto(elements[i], $"tags[{i}]", errors) is { } tag)
            {
                tags.Add(tag);
            }
        }

        var categoryNames = categories.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var byName = tags.DistinctBy(t => t.Name).ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var field = $"tags[{indexes[tag.Name]}]";
            if (!categoryNames.Contains(tag.Category))
            {
                errors.Add(new FieldError($"{field}.category", $"'{tag.Category}' is not a category of this catalog"));
            }

            foreach (var (leaf, path) in tag.When is { } when ? Leaves(when, $"{field}.when") : [])
            {
                if (leaf is TagReferenceCondition reference)
                {
                    CheckReference(reference, path, indexes, byName, errors);
                }
            }
        }

        foreach (var cycle in TagOrder.Sort(tags).Cycles)
        {
            errors.Add(new FieldError($"tags[{indexes[cycle[0]]}].when", $"is part of a cycle of tag references: {string.Join(" → ", cycle)}"));
        }

        return errors.Count > 0 ? (null, errors) : (new TagCatalog(categories, tags), errors);
    }

    private static void CheckReference(
        TagReferenceCondition reference, string field, Dictionary<string, int> indexes, Dictionary<string, TagDefinition> byName, List<FieldError> errors)
    {
        if (!indexes.ContainsKey(reference.Tag))
        {
            errors.Add(new FieldError($"{field}.tag", $"'{reference.Tag}' is not a tag of this catalog"));
        }
        else if (reference.Op is null || !byName.TryGetValue(reference.Tag, out var target))
        {
            return;
        }
        else if (target.Kind is TagKind.List or TagKind.Rule)
        {
            errors.Add(new FieldError($"{field}.op", $"'{target.Name}' is a {target.Kind.ToString().ToLowerInvariant()} tag: it has no value to compare, test membership without an op"));
        }
        else if (target.Buckets is { } buckets && reference.Values.FirstOrDefault(v => !buckets.Any(b => b.Value == v)) is { } unknown)
        {
            errors.Add(new FieldError($"{field}.value", $"'{unknown}' is not a value of '{target.Name}' ({string.Join(", ", buckets.Select(b => b.Value))})"));
        }
    }

    private static List<TagCategory> Categories(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        var categories = new List<TagCategory>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var elements = Items(members, "categories", MaxCategories, errors);
        for (var i = 0; i < elements.Count; i++)
        {
            var field = $"categories[{i}]";
            if (Members(elements[i], field, "is a category: an object with name, description and owner", errors) is not { } category)
            {
                continue;
            }

            Unexpected(category, ["name", "description", "owner"], field, "a category", errors);
            var name = RequiredName(category, "name", field, errors);
            var description = OptionalText(category, "description", field, 1_000, errors);
            var owner = OptionalText(category, "owner", field, 128, errors);
            if (name is not null && !names.Add(name))
            {
                errors.Add(new FieldError($"{field}.name", $"'{name}' is defined twice"));
            }
            else if (name is not null)
            {
                categories.Add(new TagCategory(name, description, owner));
            }
        }

        return categories;
    }

    /// <summary>The items of an optional list member; an absent list is empty.</summary>
    private static List<JsonElement> Items(Dictionary<string, JsonElement> members, string key, int max, List<FieldError> errors)
    {
        if (!members.TryGetValue(key, out var list))
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > max)
        {
            errors.Add(new FieldError(key, $"is a list of at most {max}"));
            return [];
        }

        return [.. list.EnumerateArray()];
    }
}
