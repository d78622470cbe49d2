namespace Helix.Core.Identity.Matching;

/// <summary>
/// A blocking key: only records with the same key are compared. A null or empty key leaves the record
/// out of this rule (a missing date of birth must not put every such record in one block).
/// </summary>
public sealed record BlockingRule(string Name, Func<MatchRecord, string?> Key);
