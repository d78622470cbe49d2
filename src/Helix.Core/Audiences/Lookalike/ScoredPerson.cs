namespace Helix.Core.Audiences.Lookalike;

/// <summary>A non-seed person and the model's score: the log-odds of looking like the seed, comparable only within one result.</summary>
public sealed record ScoredPerson(string PersonId, double Score);
