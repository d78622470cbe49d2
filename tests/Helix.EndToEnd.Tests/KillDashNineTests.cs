using System.Collections.Concurrent;
using System.Text;
using Helix.Testing;

namespace Helix.EndToEnd.Tests;

/// <summary>
/// The durability promise, checked on a real process: events acknowledged before a <c>kill -9</c> are
/// all there after a restart, and a client's resends (of acknowledged and of unacknowledged batches)
/// count nothing twice.
/// </summary>
public sealed class KillDashNineTests
{
    private const string AdminKey = "hxk_e2e_admin";
    private const string WriteKey = "hxw_e2e_write";
    private const int Users = 40;
    private const int BatchSize = 50;
    private const int Clients = 8;

    private static string Body(int batch)
    {
        var items = Enumerable.Range(0, BatchSize).Select(i =>
        {
            var n = batch * BatchSize + i;
            return $$$"""{"type":"track","messageId":"kill-{{{n}}}","userId":"kill-user-{{{n % Users}}}","event":"Product Viewed","properties":{"n":{{{n}}}}}""";
        });
        return "{\"batch\":[" + string.Join(",", items) + "]}";
    }

    private static async Task<bool> SendAsync(HttpClient client, int batch)
    {
        try
        {
            using var response = await client.PostAsync("/v1/batch", new StringContent(Body(batch), Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task KillMidLoad_LosesNothingAcknowledgedAndCountsNothingTwice()
    {
        using var data = new TempDirectory("helix-kill9");
        var acknowledged = new ConcurrentDictionary<int, bool>();
        var attempted = 0;
        const int killAfterAcknowledged = 240;

        // Load until enough batches are acknowledged, then kill -9 while requests are still in flight.
        await using (var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey))
        {
            using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
            using var enough = new CancellationTokenSource();
            var next = -1;
            var senders = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (!enough.IsCancellationRequested)
                {
                    var batch = Interlocked.Increment(ref next);
                    Interlocked.Increment(ref attempted);
                    if (await SendAsync(client.Collect, batch))
                    {
                        acknowledged[batch] = true;
                        if (acknowledged.Count >= killAfterAcknowledged)
                        {
                            await enough.CancelAsync();
                        }
                    }
                }
            })).ToArray();
            // Kill the moment enough is acknowledged: the other clients' requests are still in flight.
            await Task.WhenAny(Task.Delay(Timeout.Infinite, enough.Token), Task.Delay(TimeSpan.FromSeconds(60)));
            helix.Kill();
            await enough.CancelAsync();
            await Task.WhenAll(senders);
        }

        var sent = Volatile.Read(ref attempted);
        Assert.True(acknowledged.Count >= killAfterAcknowledged, $"only {acknowledged.Count} batches acknowledged before the kill");

        // Restart; the client resends everything it is unsure of, and (as a buggy client would) some acknowledged batches too.
        await using (var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey))
        {
            using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
            var resend = Enumerable.Range(0, sent).Where(b => !acknowledged.ContainsKey(b) || b % 7 == 0).ToArray();
            foreach (var chunk in resend.Chunk(Clients))
            {
                var results = await Task.WhenAll(chunk.Select(b => SendAsync(client.Collect, b)));
                Assert.All(results, Assert.True);
            }

            await client.FlushAsync();

            var expected = new long[Users];
            for (var n = 0; n < sent * BatchSize; n++)
            {
                expected[n % Users]++;
            }

            for (var user = 0; user < Users; user++)
            {
                var profile = await client.LookupAsync("user_id", $"kill-user-{user}");
                Assert.True(profile is not null, $"kill-user-{user} is missing after restart");
                Assert.Equal(expected[user], profile.Value.GetProperty("eventCount").GetInt64());
            }
        }
    }
}
