using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Bench.Hosting;
using Helix.Bench.Ingestion;
using Helix.Bench.Tags;

namespace Helix.Bench.Audiences;

/// <summary>
/// Segment freshness: probe customers are prepared with one small order (10 CNY at JD: in none of the segments, without
/// the tag <see cref="TagProbes.Tag"/>); then, at a steady rate, each sends one <c>Order Completed</c> of 1,288 CNY at the
/// Tmall store (its own request, no timestamp, so it happens when received), which makes it enter every segment of
/// <see cref="SegmentsLiveBenchmark.Segments"/> and gain the tag. From that request's HTTP 200, each probe polls
/// <c>GET /api/v1/segments/{name}/history?person=…&amp;limit=1</c> for each segment it has not entered yet and the profile
/// lookup for the tag, all at once, backing off to a twentieth of the time elapsed (at least <c>pollInterval</c>), so a figure is high
/// by at most one request plus 5 %.
/// </summary>
internal sealed class SegmentProbes(BenchServer server, IReadOnlyList<string> segments, TimeSpan pollInterval, TimeSpan giveUpAfter)
{
    /// <summary>Sends each probe customer's first order and returns their person ids, once the pipeline has applied them.</summary>
    public async Task<string[]> PrepareAsync(IReadOnlyList<string> users)
    {
        using var collect = Collect();
        foreach (var chunk in users.Chunk(100))
        {
            await SendAsync(collect, chunk.Select(u => Order(u, "first", 10, "JD self-operated store")));
        }

        await server.FlushAsync();
        var persons = new string[users.Count];
        using var lookup = server.NewAdminClient();
        for (var i = 0; i < users.Count; i++)
        {
            using var response = await lookup.GetAsync($"/api/v1/profiles/lookup?type=user_id&value={Uri.EscapeDataString(users[i])}");
            response.EnsureSuccessStatusCode();
            using var profile = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            persons[i] = profile.RootElement.GetProperty("personId").GetString()!;
        }

        return persons;
    }

    /// <returns>Per segment, then the tag last, the milliseconds from each probe's HTTP 200 until it showed; and how many never showed.</returns>
    public async Task<(List<double>[] Milliseconds, int NeverShown)> RunAsync(IReadOnlyList<string> users, IReadOnlyList<string> persons, double perSecond)
    {
        var milliseconds = Enumerable.Range(0, segments.Count + 1).Select(_ => new List<double>()).ToArray();
        var neverShown = 0;
        using var collect = Collect();
        using var polling = server.NewAdminClient(connections: 16);
        var clock = Stopwatch.StartNew();
        var probes = new List<Task>();
        for (var i = 0; i < users.Count; i++)
        {
            if (TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            probes.Add(ProbeAsync(users[i], persons[i]));
        }

        await Task.WhenAll(probes);
        return (milliseconds, neverShown);

        async Task ProbeAsync(string user, string person)
        {
            await SendAsync(collect, [Order(user, "probe", 1288, "Tmall flagship store")]);
            var stopwatch = Stopwatch.StartNew();
            var pending = Enumerable.Range(0, segments.Count + 1).ToList();
            while (pending.Count > 0 && stopwatch.Elapsed < giveUpAfter)
            {
                // All pending targets at once, so none is seen later for being polled after another.
                var shown = await Task.WhenAll(pending.Select(target => IsShownAsync(polling, target, person, user)));
                var elapsed = stopwatch.Elapsed.TotalMilliseconds;
                lock (milliseconds)
                {
                    foreach (var target in pending.Where((_, i) => shown[i]))
                    {
                        milliseconds[target].Add(elapsed);
                    }
                }

                pending = [.. pending.Where((_, i) => !shown[i])];

                await Task.Delay(TimeSpan.FromTicks(Math.Max(pollInterval.Ticks, stopwatch.Elapsed.Ticks / 20)));
            }

            Interlocked.Add(ref neverShown, pending.Count);
        }
    }

    /// <param name="target">A segment's index, or the number of segments for the tag.</param>
    private async Task<bool> IsShownAsync(HttpClient client, int target, string person, string user)
    {
        var uri = target < segments.Count
            ? $"/api/v1/segments/{segments[target]}/history?person={Uri.EscapeDataString(person)}&limit=1"
            : $"/api/v1/profiles/lookup?type=user_id&value={Uri.EscapeDataString(user)}";
        using var response = await client.GetAsync(uri);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return target < segments.Count
            ? body.RootElement.GetArrayLength() > 0
            : body.RootElement.GetProperty("tags").TryGetProperty(TagProbes.Tag, out _);
    }

    private HttpClient Collect()
    {
        var client = server.NewClient(8);
        client.DefaultRequestHeaders.Authorization = BatchSender.Authorization(BenchServer.WriteKey);
        return client;
    }

    private static string Order(string user, string what, decimal total, string shop) => JsonSerializer.Serialize(new
    {
        type = "track",
        messageId = $"{user}-{what}",
        userId = user,
        @event = "Order Completed",
        properties = new { order_id = $"{user}-{what}", total, affiliation = shop, products = new[] { new { category = "礼盒", price = total } } },
    });

    private static async Task SendAsync(HttpClient collect, IEnumerable<string> messages)
    {
        using var content = new ByteArrayContent(SyntheticEvents.BatchBody(messages));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await collect.PostAsync("/v1/batch", content);
        response.EnsureSuccessStatusCode();
    }
}
