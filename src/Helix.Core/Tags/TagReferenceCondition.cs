namespace Helix.Core.Tags;

/// <summary>
/// <c>{"tag": name}</c> (the person has the tag) or <c>{"tag": name, "op": "eq"|"ne"|"in", "value": ...}</c>
/// (the tag's value, for value and model tags). <see cref="Op"/> is null for plain membership;
/// <see cref="Values"/> holds one value for eq and ne, one or more for in.
/// </summary>
public sealed record TagReferenceCondition(string Tag, ConditionOp? Op, IReadOnlyList<string> Values) : Condition
{
    public bool Equals(TagReferenceCondition? other) =>
        other is not null && Tag == other.Tag && Op == other.Op && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Tag, Op, Values.Count);
}
