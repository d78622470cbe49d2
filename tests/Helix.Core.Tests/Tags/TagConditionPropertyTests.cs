using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Tags;

/// <summary>
/// Random conditions over random facts: <c>not</c> is the negation pushed down to complementary leaves when no fact is
/// missing, and <c>all</c>/<c>any</c> follow De Morgan whether facts are missing or not.
/// </summary>
public sealed class TagConditionPropertyTests
{
    private static readonly Dictionary<ConditionOp, ConditionOp> Complement = new()
    {
        [ConditionOp.Eq] = ConditionOp.Ne,
        [ConditionOp.Ne] = ConditionOp.Eq,
        [ConditionOp.In] = ConditionOp.NotIn,
        [ConditionOp.NotIn] = ConditionOp.In,
        [ConditionOp.Exists] = ConditionOp.NotExists,
        [ConditionOp.NotExists] = ConditionOp.Exists,
        [ConditionOp.Gt] = ConditionOp.Lte,
        [ConditionOp.Lte] = ConditionOp.Gt,
        [ConditionOp.Gte] = ConditionOp.Lt,
        [ConditionOp.Lt] = ConditionOp.Gte,
    };

    // n0, n1 hold numbers (n1 as a numeric string) and s0 a text, so ordering tests are always comparable.
    private static readonly string[] NumberFacts = ["n0", "n1"];

    [Property(MaxTest = 400)]
    public bool Not_IsThePushedDownNegation_WhenNoFactIsMissing(int seed)
    {
        var random = new Random(seed);
        var condition = RandomCondition(random, 0);
        var facts = RandomFacts(random, missing: false);

        var holds = Holds(condition, facts);

        return Holds(new NotCondition(condition), facts) == !holds && Holds(Negated(condition), facts) == !holds;
    }

    [Property(MaxTest = 400)]
    public bool AllAndAny_FollowDeMorgan_EvenWithMissingFacts(int seed)
    {
        var random = new Random(seed);
        var parts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, 1)).ToList();
        var facts = RandomFacts(random, missing: true);
        var negatedParts = parts.Select(p => (Condition)new NotCondition(p)).ToList();

        var notAll = Holds(new NotCondition(new AllCondition(parts)), facts);
        var notAny = Holds(new NotCondition(new AnyCondition(parts)), facts);

        return notAll == Holds(new AnyCondition(negatedParts), facts) && notAny == Holds(new AllCondition(negatedParts), facts);
    }

    [Fact]
    public void MissingFact_IsNeitherEqualNorNotEqual()
    {
        var facts = new PersonFacts();
        var eq = new FactCondition(new FactRef(FactSource.Trait, "city"), ConditionOp.Eq, JsonSerializer.SerializeToElement("上海"));

        Assert.False(Holds(eq, facts));
        Assert.False(Holds(eq with { Op = ConditionOp.Ne }, facts));
        Assert.True(Holds(new NotCondition(eq), facts));
    }

    private static bool Holds(Condition condition, IPersonFacts facts)
    {
        var tag = new TagDefinition("p", TagKind.Rule, "c", null, null, When: condition);
        return TagEvaluator.Evaluate(new TagCatalog([new TagCategory("c", null, null)], [tag]), facts).ContainsKey("p");
    }

    private static Condition Negated(Condition condition) => condition switch
    {
        AllCondition all => new AnyCondition([.. all.Conditions.Select(Negated)]),
        AnyCondition any => new AllCondition([.. any.Conditions.Select(Negated)]),
        NotCondition not => not.Condition,
        FactCondition fact => fact with { Op = Complement[fact.Op] },
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static Condition RandomCondition(Random random, int depth)
    {
        var choice = depth >= 4 ? 3 : random.Next(6);
        return choice switch
        {
            0 => new AllCondition([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth + 1))]),
            1 => new AnyCondition([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth + 1))]),
            2 => new NotCondition(RandomCondition(random, depth + 1)),
            _ => RandomLeaf(random),
        };
    }

    private static FactCondition RandomLeaf(Random random)
    {
        var op = Complement.Keys.ElementAt(random.Next(Complement.Count));
        var numeric = random.Next(2) == 0;
        var fact = new FactRef(random.Next(2) == 0 ? FactSource.Trait : FactSource.Computed, numeric ? NumberFacts[random.Next(2)] : "s0");
        object Scalar() => op is ConditionOp.Eq or ConditionOp.Ne or ConditionOp.In or ConditionOp.NotIn && random.Next(4) == 0
            ? (random.Next(2) == 0 ? true : "x") // a type mismatch: never equal, so eq and ne still complement
            : numeric ? random.Next(5) : ((char)('a' + random.Next(5))).ToString();
        object? value = op switch
        {
            ConditionOp.Exists or ConditionOp.NotExists => null,
            ConditionOp.In or ConditionOp.NotIn => Enumerable.Range(0, random.Next(1, 4)).Select(_ => Scalar()).ToArray(),
            _ => Scalar(),
        };
        return new FactCondition(fact, op, value is null ? null : JsonSerializer.SerializeToElement(value));
    }

    private static PersonFacts RandomFacts(Random random, bool missing)
    {
        string Facts()
        {
            var members = new List<string>();
            if (!missing || random.Next(3) > 0)
            {
                members.Add($"\"n0\": {random.Next(5)}");
            }

            if (!missing || random.Next(3) > 0)
            {
                members.Add($"\"n1\": \"{random.Next(5)}\"");
            }

            if (!missing || random.Next(3) > 0)
            {
                members.Add($"\"s0\": \"{(char)('a' + random.Next(5))}\"");
            }

            return "{" + string.Join(",", members) + "}";
        }

        return new PersonFacts(Facts(), Facts());
    }
}
