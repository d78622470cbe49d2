namespace Helix.Core.Tags;

/// <summary>
/// A condition over one person: a tree of <c>all</c>, <c>any</c>, <c>not</c> over fact and tag tests. Rule tags use
/// these; the audience language (<c>Helix.Core.Audiences</c>) adds event, sequence and segment tests to the same tree,
/// so a tag rule and a segment condition mean the same thing. Conditions compare by content, not by reference.
/// </summary>
public abstract record Condition;
