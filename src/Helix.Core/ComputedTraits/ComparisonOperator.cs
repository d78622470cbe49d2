namespace Helix.Core.ComputedTraits;

/// <summary>The comparison of a <see cref="PropertyCondition"/>.</summary>
public enum ComparisonOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Exists,
}
