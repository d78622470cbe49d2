using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Spectre.Console;

namespace Helix.Bench.Hosting;

/// <summary>Posts prepared batches to <c>/v1/batch</c> from concurrent clients, in order of index, with a progress bar.</summary>
internal static class BatchSender
{
    /// <param name="acknowledged">Called with a batch's index as soon as its request returned 200 (durable in the event log).</param>
    /// <param name="eventsPerSecond">When set, no batch leaves before its events' place in a steady stream at this rate; otherwise as fast as the clients go.</param>
    /// <returns>The seconds from the first request to the last acknowledgment.</returns>
    public static async Task<double> SendAsync(
        HttpClient http, IReadOnlyList<PreparedBatch> batches, int clients, string label, Action<int>? acknowledged = null, double? eventsPerSecond = null)
    {
        var authorizations = batches.Select(b => b.WriteKey).Distinct(StringComparer.Ordinal).ToDictionary(key => key, Authorization, StringComparer.Ordinal);
        var due = new TimeSpan[batches.Count];
        if (eventsPerSecond is { } rate)
        {
            long events = 0;
            for (var i = 0; i < batches.Count; i++)
            {
                due[i] = TimeSpan.FromSeconds(events / rate);
                events += batches[i].Events;
            }
        }

        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(label, maxValue: batches.Count);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < batches.Count)
                {
                    if (due[index] - stopwatch.Elapsed is { Ticks: > 0 } wait)
                    {
                        await Task.Delay(wait);
                    }

                    var batch = batches[index];
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new ByteArrayContent(batch.Body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Authorization = authorizations[batch.WriteKey];
                    using var response = await http.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new HttpRequestException(
                            $"Batch {index} was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
                    }

                    acknowledged?.Invoke(index);
                    task.Increment(1);
                }
            }));
        });
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>The collect API's authentication: HTTP Basic with the source's write key as the user name and no password.</summary>
    public static AuthenticationHeaderValue Authorization(string writeKey) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
}
