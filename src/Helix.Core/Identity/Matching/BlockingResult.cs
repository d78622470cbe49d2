namespace Helix.Core.Identity.Matching;

/// <summary>
/// The candidate pairs of a blocking run, sorted, each once; and what the block cap left out, so a junk
/// key (every record with postcode 0000) shows up as skipped blocks instead of as n² comparisons.
/// </summary>
/// <param name="SkippedPairs">The pairs the skipped blocks would have produced, counting repeats across rules.</param>
public sealed record BlockingResult(IReadOnlyList<RecordPair> Pairs, int SkippedBlocks, long SkippedPairs);
