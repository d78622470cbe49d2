namespace Helix.Bench.Hosting;

/// <summary>A <c>/v1/batch</c> request body built before the clock starts, the source key it is sent with, and its event count.</summary>
internal sealed record PreparedBatch(byte[] Body, string WriteKey, int Events);
