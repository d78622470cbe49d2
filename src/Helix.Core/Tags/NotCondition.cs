namespace Helix.Core.Tags;

/// <summary><c>{"not": {...}}</c>: holds when the condition does not.</summary>
public sealed record NotCondition(Condition Condition) : Condition;
