using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Helix.Bench.Resolution;

/// <summary>
/// Measures, for sampled messages, the time from the HTTP 200 of the message's batch until the profile
/// API shows its effect (<see cref="Probe"/>). Polls on a client of its own, one request at a time,
/// oldest acknowledgment first: the pipeline applies the log in order, so a younger probe is rarely
/// visible before an older one, and the poller adds one request's load, not one per probe. Between
/// polls of the same probe it waits a twentieth of the time elapsed so far, at least
/// <c>minInterval</c>, so a slow probe does not flood the server with lookups. A latency is taken when
/// the confirming response arrives: an upper bound, high by one lookup plus up to 5 % (or
/// <c>minInterval</c>), plus, for a probe queued behind an older one, the lookups of those before it
/// once they show (the benchmark keeps few probes pending for that reason).
/// </summary>
internal sealed class VisibilityProbes(HttpClient admin, TimeSpan minInterval)
{
    private readonly ConcurrentQueue<(Probe Probe, long AcknowledgedAt)> _pending = new();
    private readonly List<double> _milliseconds = [];
    private volatile bool _flushed;

    /// <summary>Probes that were still not shown after the pipeline had applied everything: the expected merge did not happen.</summary>
    public int NeverShown { get; private set; }

    public Latencies Latencies => Latencies.Of(_milliseconds);

    /// <summary>Call right after the probes' batch was acknowledged.</summary>
    public void Acknowledged(IReadOnlyList<Probe> probes)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var probe in probes)
        {
            _pending.Enqueue((probe, now));
        }
    }

    /// <summary>Call once a flush has confirmed that everything acknowledged is applied: a probe not shown from then on never will be.</summary>
    public void Flushed() => _flushed = true;

    /// <summary>Polls until <see cref="Flushed"/> was called and every pending probe is settled.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            var flushed = _flushed;
            if (!_pending.TryPeek(out var head))
            {
                if (flushed)
                {
                    return;
                }

                await Task.Delay(minInterval);
                continue;
            }

            if (await IsShownAsync(head.Probe))
            {
                _milliseconds.Add(Stopwatch.GetElapsedTime(head.AcknowledgedAt).TotalMilliseconds);
                _pending.TryDequeue(out _);
            }
            else if (flushed)
            {
                NeverShown++;
                _pending.TryDequeue(out _);
            }
            else
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(minInterval.Ticks, Stopwatch.GetElapsedTime(head.AcknowledgedAt).Ticks / 20)));
            }
        }
    }

    private async Task<bool> IsShownAsync(Probe probe)
    {
        using var response = await admin.GetAsync(probe.LookupPath);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        using var profile = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return probe.IsShownBy(profile.RootElement);
    }
}
