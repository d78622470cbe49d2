using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Helix.Bench.Hosting;
using Helix.Bench.Resolution;

namespace Helix.Bench.Tags;

/// <summary>
/// Event-to-tag latency: for a fresh customer, one <c>Order Completed</c> of 1,288 CNY (its own request, no
/// timestamp, so it happens when received) makes the person <see cref="Tag"/> (spend over 365 days ≥ 1,000).
/// Measured from just before the request until <c>GET /api/v1/profiles/lookup?type=user_id&amp;value=…</c> shows the
/// tag, polling every <c>pollInterval</c>; probes run one after another on an idle server. Without definitions
/// the same probe waits until the lookup finds the person with the event counted.
/// </summary>
internal sealed class TagProbes(BenchServer server, TimeSpan pollInterval, TimeSpan giveUpAfter)
{
    public const string Tag = "high_value";

    /// <summary>Probes whose effect had not shown after <c>giveUpAfter</c>.</summary>
    public int NeverShown { get; private set; }

    public async Task<Latencies> RunAsync(int probes, bool expectTag, string prefix)
    {
        using var collect = server.NewClient();
        collect.DefaultRequestHeaders.Authorization = BatchSender.Authorization(BenchServer.WriteKey);
        using var lookup = server.NewAdminClient();
        var milliseconds = new List<double>();
        for (var i = 0; i < probes; i++)
        {
            var user = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");
            var stopwatch = Stopwatch.StartNew();
            await SendAsync(collect, user);
            while (!await IsShownAsync(lookup, user, expectTag))
            {
                if (stopwatch.Elapsed > giveUpAfter)
                {
                    NeverShown++;
                    break;
                }

                await Task.Delay(pollInterval);
            }

            if (stopwatch.Elapsed <= giveUpAfter)
            {
                milliseconds.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        return Latencies.Of(milliseconds);
    }

    private static async Task SendAsync(HttpClient collect, string user)
    {
        var body = $$$"""
            {"batch":[{"type":"track","messageId":"{{{user}}}","userId":"{{{user}}}","event":"Order Completed",
             "properties":{"order_id":"{{{user}}}","total":1288,"affiliation":"Brand app","products":[{"category":"礼盒","price":1288}]}}]}
            """;
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await collect.PostAsync("/v1/batch", content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> IsShownAsync(HttpClient lookup, string user, bool expectTag)
    {
        using var response = await lookup.GetAsync($"/api/v1/profiles/lookup?type=user_id&value={Uri.EscapeDataString(user)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        using var profile = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return expectTag
            ? profile.RootElement.GetProperty("tags").TryGetProperty(Tag, out _)
            : profile.RootElement.GetProperty("eventCount").GetInt64() >= 1;
    }
}
