using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles.Derived;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences.Lookalike;

/// <summary>
/// A person's features for a lookalike, from what Helix holds: behaviour counts and recency, numeric traits and
/// computed traits as numbers, short text traits, computed values and tags as categories. Identifying traits
/// (phone, e-mail, name, address, ids, birthday itself) are never features: they identify, they do not describe,
/// and a model must not learn them. Age from the birthday is a feature.
/// </summary>
public static class LookalikeInputs
{
    private const int MaxCategoryLength = 40;

    private static readonly HashSet<string> Identifying = new(StringComparer.OrdinalIgnoreCase)
    {
        "phone", "mobile", "email", "name", "first_name", "last_name", "address", "street", "id_number", "id_card", "passport",
        "birthday", "user_id", "member_id", "union_id", "open_id", "idfa", "oaid", "imei", "android_id", "ip",
    };

    /// <param name="computed">The person's computed trait values now (defined traits only).</param>
    /// <param name="tags">The person's tags: name → value (null for plain membership).</param>
    public static LookalikeRow Row(
        string personId, IReadOnlyDictionary<string, JsonElement> traits, long eventCount, DateTimeOffset firstSeen, DateTimeOffset lastSeen,
        IReadOnlyDictionary<string, JsonElement?> computed, IReadOnlyDictionary<string, string?> tags, DateTimeOffset now)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["events"] = eventCount,
            ["days_since_first_seen"] = (now - firstSeen).TotalDays,
            ["days_since_last_seen"] = (now - lastSeen).TotalDays,
        };
        var categories = new List<string>();
        foreach (var (name, value) in traits)
        {
            if (name == "birthday" && value.ValueKind == JsonValueKind.String && BirthdayFacts.From(value.GetString(), WorkspaceTime.Day(now)) is { } birthday)
            {
                numbers["age"] = birthday.Age;
            }

            if (!Identifying.Contains(name))
            {
                Add("trait:" + name, value, numbers, categories);
            }
        }

        foreach (var (name, value) in computed)
        {
            if (value is { } v)
            {
                Add("computed:" + name, v, numbers, categories);
            }
        }

        foreach (var (tag, value) in tags)
        {
            categories.Add("tag:" + tag);
            if (value is not null)
            {
                categories.Add($"tag:{tag}={value}");
            }
        }

        return new LookalikeRow(personId, numbers, categories);
    }

    /// <summary>
    /// The features a seed's own condition reads (its tags, traits and computed traits), as feature name prefixes. They
    /// are left out: a model that learns "has the tag the seed is defined by" finds nobody new, while what else the seed
    /// shares is the point.
    /// </summary>
    public static HashSet<string> ReadBy(SegmentDefinition seed) =>
    [
        .. seed.Reads.Select(leaf => leaf switch
        {
            FactCondition { Fact.Source: FactSource.Trait } f => "trait:" + f.Fact.Name,
            FactCondition f => "computed:" + f.Fact.Name,
            TagReferenceCondition t => "tag:" + t.Tag,
            _ => null,
        }).OfType<string>(),
    ];

    /// <summary>The row without the features <paramref name="read"/> names (a category <c>tag:rfm=x</c> goes with <c>tag:rfm</c>).</summary>
    public static LookalikeRow Without(LookalikeRow row, IReadOnlySet<string> read) =>
        read.Count == 0 ? row : row with
        {
            Numbers = row.Numbers.Where(n => !read.Contains(n.Key)).ToDictionary(),
            Categories = [.. row.Categories.Where(c => !read.Contains(c.Split('=')[0]))],
        };

    private static void Add(string name, JsonElement value, Dictionary<string, double> numbers, List<string> categories)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                numbers[name] = number;
                break;
            case JsonValueKind.True or JsonValueKind.False:
                numbers[name] = value.GetBoolean() ? 1 : 0;
                break;
            case JsonValueKind.String when value.GetString() is { Length: > 0 and <= MaxCategoryLength } text:
                categories.Add($"{name}={text}");
                break;
        }
    }
}
