namespace Helix.Core.Tags;

/// <summary><c>{"any": [...]}</c>: holds when at least one condition holds.</summary>
public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    // Lists compare by reference in a record; conditions are equal when their contents are.
    public bool Equals(AnyCondition? other) => other is not null && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(nameof(AnyCondition), Conditions.Count);
}
