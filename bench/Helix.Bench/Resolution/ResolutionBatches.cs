using System.Text;
using Helix.Bench.Ingestion;

namespace Helix.Bench.Resolution;

/// <summary>
/// The workload as request bodies: the messages cut into chunks of the batch size, each chunk into one
/// request per source. The first <c>saturatedEvents</c> are the full-speed phase, the rest the paced
/// one. Every nth merging message (n chosen for the number of samples wanted) carries a probe, and so
/// does its twin, at the same place.
/// </summary>
internal sealed class ResolutionBatches(ResolutionMessage[] messages, int saturatedEvents, int batchSize)
{
    /// <summary>A request body of consecutive messages of one source, and the probes of the sampled ones.</summary>
    public sealed record Part(byte[] Body, bool Trusted, int Events, Probe[] Probes);

    public int Count => messages.Length;

    public int SaturatedEvents => saturatedEvents;

    public int MergingMessages { get; } = messages.Take(saturatedEvents).Count(m => m.Merge is not null);

    /// <summary>UTF-8 bytes of all messages, or of all twins.</summary>
    public long Bytes(bool twin) => messages.Sum(m => (long)Encoding.UTF8.GetByteCount(twin ? m.TwinJson : m.Json));

    /// <summary>Messages [from, to) as request bodies, about <paramref name="samples"/> of them probed.</summary>
    public Part[] Parts(int from, int to, bool twin, int samples)
    {
        var merging = Enumerable.Range(from, to - from).Where(i => messages[i].Merge is not null).ToArray();
        var every = samples > 0 ? Math.Max(1, merging.Length / samples) : int.MaxValue;
        var sampled = samples > 0 ? merging.Where((_, n) => n % every == 0).ToHashSet() : [];
        var parts = new List<Part>();
        for (var first = from; first < to; first += batchSize)
        {
            var chunk = Enumerable.Range(first, Math.Min(batchSize, to - first));
            foreach (var bySource in chunk.GroupBy(i => messages[i].Trusted))
            {
                parts.Add(new Part(
                    SyntheticEvents.BatchBody(bySource.Select(i => twin ? messages[i].TwinJson : messages[i].Json)),
                    bySource.Key,
                    bySource.Count(),
                    [.. bySource.Where(sampled.Contains).Select(i => twin ? messages[i].TwinProbe : messages[i].Merge!)]));
            }
        }

        return [.. parts];
    }
}
