namespace Helix.Core.Tags;

/// <summary><c>{"all": [...]}</c>: holds when every condition holds.</summary>
public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition;
