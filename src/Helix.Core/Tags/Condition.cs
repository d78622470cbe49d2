namespace Helix.Core.Tags;

/// <summary>A rule tag's condition: a tree of <c>all</c>, <c>any</c>, <c>not</c> over fact and tag tests.</summary>
public abstract record Condition;
