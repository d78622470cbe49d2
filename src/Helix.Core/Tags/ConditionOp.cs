namespace Helix.Core.Tags;

/// <summary>The comparison of a condition leaf; the wire names are camelCase (<c>notIn</c>, <c>notExists</c>).</summary>
public enum ConditionOp
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Contains,
    Exists,
    NotExists,
    Between,
    Before,
    After,
}
