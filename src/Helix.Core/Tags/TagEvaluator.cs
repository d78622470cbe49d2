namespace Helix.Core.Tags;

/// <summary>A person's tags from a catalog and the person's facts. Pure: no I/O, no clock.</summary>
public static class TagEvaluator
{
    /// <summary>
    /// All tags the person has now: assigned list and model tags that the catalog defines (list tags without a value,
    /// model tags with the assigned one), plus every rule and value tag whose condition holds, evaluated in
    /// dependency order so a rule can use another rule tag's result. Assigned names that the catalog defines as
    /// rule or value tags are ignored: those are computed, never assigned.
    /// </summary>
    /// <returns>name → value: a value tag's bucket value or a model tag's value; null for rule and list tags.</returns>
    public static IReadOnlyDictionary<string, string?> Evaluate(TagCatalog catalog, IPersonFacts facts)
    {
        var order = TagOrder.Of(catalog);
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in facts.AssignedTags)
        {
            if (order.ByName.TryGetValue(name, out var tag) && tag.Kind is TagKind.List or TagKind.Model)
            {
                tags[name] = tag.Kind == TagKind.Model ? value : null;
            }
        }

        foreach (var tag in order.Order)
        {
            if (tag.Kind == TagKind.Rule && Holds(tag.When!, facts, tags))
            {
                tags[tag.Name] = null;
            }
            else if (tag.Kind == TagKind.Value && Bucket(tag, facts) is { } value)
            {
                tags[tag.Name] = value;
            }
        }

        return tags;
    }

    internal static bool Holds(Condition condition, IPersonFacts facts, IReadOnlyDictionary<string, string?> tags) => condition switch
    {
        AllCondition all => all.Conditions.All(c => Holds(c, facts, tags)),
        AnyCondition any => any.Conditions.Any(c => Holds(c, facts, tags)),
        NotCondition not => !Holds(not.Condition, facts, tags),
        FactCondition fact => FactComparison.Holds(fact.Op, FactComparison.Read(fact.Fact, facts), fact.Value),
        TagReferenceCondition reference => HasTag(reference, tags),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "not a tag condition"),
    };

    // Like a missing fact, a missing tag satisfies no value test: "ne" needs the tag with another value.
    internal static bool HasTag(TagReferenceCondition reference, IReadOnlyDictionary<string, string?> tags) =>
        tags.TryGetValue(reference.Tag, out var value) && reference.Op switch
        {
            null => true,
            ConditionOp.Eq or ConditionOp.In => reference.Values.Contains(value, StringComparer.Ordinal),
            ConditionOp.Ne => !reference.Values.Contains(value, StringComparer.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(reference), reference.Op, "not an operator over tags"),
        };

    /// <summary>The first bucket holding the fact's number; null when the fact is missing or not a number.</summary>
    private static string? Bucket(TagDefinition tag, IPersonFacts facts) =>
        FactComparison.Read(tag.Of!, facts) is { } element && FactComparison.TryNumber(element, out var x)
            ? tag.Buckets!.FirstOrDefault(b => b.Min <= x && (b.Max is not { } max || x < max))?.Value
            : null;
}
