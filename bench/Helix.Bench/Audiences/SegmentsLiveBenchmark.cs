using System.Globalization;
using System.Net.Http.Json;
using Helix.Bench.Hosting;
using Helix.Bench.Resolution;
using Helix.Bench.Tags;
using Spectre.Console;

namespace Helix.Bench.Audiences;

/// <summary>
/// Real-time segment freshness through a real server: the demo definitions and three real-time segments are put in force,
/// the tags workload is loaded, then for <c>--seconds</c> the rest of it streams in at a steady rate while probe customers
/// (<see cref="SegmentProbes"/>) send the order that makes them enter every segment. The baseline, from the same events on
/// the same server, is the time until the same order gives the rule tag <see cref="TagProbes.Tag"/>, whose condition
/// (<c>spend_365d &gt;= 1000</c>) is also the second segment's: <c>tags-live</c>'s event-to-tag latency, under the same load.
/// </summary>
internal static class SegmentsLiveBenchmark
{
    public static readonly (string Name, string When)[] Segments =
    [
        ("repeat_30d", """did("Order Completed", count >= 2, within 30d)"""),
        ("spend_1000_365d", """computed("spend_365d") >= 1000"""),
        ("tmall_500_90d", """did("Order Completed" where affiliation = "Tmall flagship store", sum(total) >= 500, within 90d)"""),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var (events, batchSize, clients, seed, poll, _) = LoadOptions.Read(args);
        var persons = Arguments.Int(args, "--persons", Math.Max(1, events / 10));
        var seconds = Arguments.Int(args, "--seconds", 60);
        var rate = Arguments.Double(args, "--rate", 500);
        var probeRate = Arguments.Double(args, "--probes-per-second", 2);
        var streamed = (int)(rate * seconds);
        AnsiConsole.MarkupLine($"Segments live benchmark: {events:N0} events of {persons:N0} persons loaded, then {streamed:N0} more at {rate:N0}/s for {seconds} s " +
            $"with {probeRate:N1} probes/s, seed {seed}, {Environment.ProcessorCount} cores, load average {AudiencesBenchmark.LoadAverage()}");

        var workload = TagsWorkload.Generate(persons, events + streamed, seed, TimeProvider.System.GetUtcNow());
        using var directory = TempDirectory.Create();
        await using var server = await BenchServer.StartAsync(directory.Path);
        await TagsLiveBenchmark.PutDefinitionsAsync(server);
        foreach (var (name, when) in Segments)
        {
            using var response = await server.Admin.PutAsJsonAsync($"/api/v1/segments/{name}", new { mode = "realtime", when });
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The segment {name} was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        using var http = server.NewClient(clients);
        var batches = TagsLiveBenchmark.Batches(workload, batchSize);
        var split = (events + batchSize - 1) / batchSize;
        var loading = await BatchSender.SendAsync(http, batches[..split], clients, "loading (not measured)");
        await server.FlushAsync();
        AnsiConsole.MarkupLine($"Loaded {events:N0} events in {loading:F1} s, applied. Members now: {string.Join(", ", await Task.WhenAll(Segments.Select(s => CountAsync(server, s.Name))))}.");

        var probes = new SegmentProbes(server, [.. Segments.Select(s => s.Name)], poll, TimeSpan.FromSeconds(60));
        var users = Enumerable.Range(0, (int)(probeRate * seconds)).Select(i => string.Create(CultureInfo.InvariantCulture, $"probe-{i}")).ToArray();
        var ids = await probes.PrepareAsync(users);
        var loadBefore = AudiencesBenchmark.LoadAverage();
        var stream = BatchSender.SendAsync(http, batches[split..], clients, $"streaming at {rate:N0} events/s", eventsPerSecond: rate);
        var (milliseconds, neverShown) = await probes.RunAsync(users, ids, probeRate);
        var streaming = await stream;
        Report(milliseconds, neverShown, events, batches[split..].Sum(b => b.Events) / streaming, rate, seconds, loadBefore);
        return neverShown == 0 ? 0 : 1;
    }

    private static async Task<string> CountAsync(BenchServer server, string segment)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await server.Admin.GetFromJsonAsync<MembersPage>($"/api/v1/segments/{segment}/members?limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            count += page!.Members.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return $"{segment} {count:N0}";
    }

    private sealed record MembersPage(List<object> Members, string? NextCursor);

    private static void Report(List<double>[] milliseconds, int neverShown, int events, double streamedRate, double rate, int seconds, string loadBefore)
    {
        var tag = Latencies.Of(milliseconds[^1]);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("ms from the event's HTTP 200 until it shows").AddColumn("n")
            .AddColumn("p50").AddColumn("p95").AddColumn("p99").AddColumn("max").AddColumn("ratio p50 / p95 to the tag");
        table.AddRow($"baseline: tag {TagProbes.Tag} on the profile lookup", $"{tag.Count}", Ms(tag.P50), Ms(tag.P95), Ms(tag.P99), Ms(tag.Max), "1.00");
        var fields = new List<string>();
        for (var s = 0; s < Segments.Length; s++)
        {
            var l = Latencies.Of(milliseconds[s]);
            table.AddRow($"segment {Segments[s].Name}: Segment Entered in its history", $"{l.Count}", Ms(l.P50), Ms(l.P95), Ms(l.P99), Ms(l.Max),
                $"{Figures.Ratio(l.P50, tag.P50)} / {Figures.Ratio(l.P95, tag.P95)}");
            fields.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Segments[s].Name}_p50_ms={l.P50:F0} {Segments[s].Name}_p95_ms={l.P95:F0} {Segments[s].Name}_p99_ms={l.P99:F0} {Segments[s].Name}_ratio_p50={l.P50 / tag.P50:F2}"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Streamed {streamedRate:N0} events/s (target {rate:N0}) for {seconds} s; {neverShown} probe targets never shown within 60 s. " +
            $"Load average before the stream {loadBefore}, after {AudiencesBenchmark.LoadAverage()}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT segments-live events={events} cores={Environment.ProcessorCount} rate={streamedRate:F0} seconds={seconds} probes={tag.Count} " +
            $"tag_p50_ms={tag.P50:F0} tag_p95_ms={tag.P95:F0} tag_p99_ms={tag.P99:F0} {string.Join(" ", fields)} never_shown={neverShown}"));
    }

    private static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "–" : milliseconds.ToString("N0", CultureInfo.InvariantCulture);
}
