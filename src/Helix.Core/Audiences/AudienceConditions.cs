using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>Walks an audience condition tree.</summary>
public static class AudienceConditions
{
    /// <summary>Every leaf (fact, tag, did, sequence and segment conditions), depth first, left to right.</summary>
    public static IEnumerable<Condition> Leaves(Condition condition) => condition switch
    {
        AllCondition all => all.Conditions.SelectMany(Leaves),
        AnyCondition any => any.Conditions.SelectMany(Leaves),
        NotCondition not => Leaves(not.Condition),
        _ => [condition],
    };

    /// <summary>The tree with each leaf replaced by <paramref name="replace"/> (which may return the leaf itself).</summary>
    public static Condition Rewrite(Condition condition, Func<Condition, Condition> replace) => condition switch
    {
        AllCondition all => new AllCondition([.. all.Conditions.Select(c => Rewrite(c, replace))]),
        AnyCondition any => new AnyCondition([.. any.Conditions.Select(c => Rewrite(c, replace))]),
        NotCondition not => new NotCondition(Rewrite(not.Condition, replace)),
        _ => replace(condition),
    };
}
