namespace Helix.Core.Identity.Matching;

/// <summary>
/// A record to match: its id and one value per field of the model, in the model's field order (an
/// array, not a dictionary, because every candidate pair reads every field). Null or blank is missing.
/// </summary>
public sealed record MatchRecord(string Id, IReadOnlyList<string?> Values);
