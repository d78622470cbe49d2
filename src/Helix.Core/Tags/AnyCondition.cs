namespace Helix.Core.Tags;

/// <summary><c>{"any": [...]}</c>: holds when at least one condition holds.</summary>
public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition;
