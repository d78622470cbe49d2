namespace Helix.Bench.Hosting;

/// <param name="Merges">The sum of the persons' merge counts: every merge since the start, since a survivor adds up the merges of those it absorbs.</param>
internal sealed record StoreCounts(long Persons, long Merges, long Events);
