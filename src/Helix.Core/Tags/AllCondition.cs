namespace Helix.Core.Tags;

/// <summary><c>{"all": [...]}</c>: holds when every condition holds.</summary>
public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    // Lists compare by reference in a record; conditions are equal when their contents are.
    public bool Equals(AllCondition? other) => other is not null && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(nameof(AllCondition), Conditions.Count);
}
