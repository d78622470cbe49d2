using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Helix.Testing;

namespace Helix.Server.Tests;

/// <summary>
/// The CDNOW sample (2,357 customers, tests/data/cdnow) sent as orders through the collect API; the CLV
/// endpoint fits BG/NBD and Gamma-Gamma on the 39-week calibration period and must find the published
/// parameters (Fader, Hardie &amp; Lee 2005) from what Helix stored.
/// </summary>
public sealed class ClvApiTests : IAsyncLifetime
{
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task SendCdnowAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(HelixProcess.RepositoryRoot(), "tests", "data", "cdnow", "CDNOW_sample.txt"));
        foreach (var chunk in lines.Where(l => l.Trim().Length > 0).Chunk(1_000))
        {
            var batch = new JsonArray();
            foreach (var line in chunk)
            {
                // " 00004 0001 19970101  2   29.33": customer, sample id, date, CDs bought, dollars.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var day = DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture);
                batch.Add(new JsonObject
                {
                    ["type"] = "track", ["userId"] = "cdnow-" + fields[0], ["event"] = "Order Completed",
                    ["timestamp"] = $"{day:yyyy-MM-dd}T12:00:00+08:00",
                    ["properties"] = new JsonObject { ["revenue"] = double.Parse(fields[4], CultureInfo.InvariantCulture), ["quantity"] = int.Parse(fields[3], CultureInfo.InvariantCulture) },
                });
            }

            (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = batch }.ToJsonString())).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
    }

    [Fact]
    public async Task CdnowOrders_ThroughTheApi_FitThePublishedParameters()
    {
        await SendCdnowAsync();

        using var response = await _server.Admin.GetAsync("/api/v1/models/clv?asOf=" + Uri.EscapeDataString("1997-09-30T23:59:59+08:00") + "&sample=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var clv = await response.ReadJsonAsync();

        Assert.Equal(2_357, clv.GetProperty("buyers").GetInt32());
        var bg = clv.GetProperty("bgNbd");
        AssertNear(0.243, bg.GetProperty("r").GetDouble());
        AssertNear(4.414, bg.GetProperty("alpha").GetDouble());
        AssertNear(0.793, bg.GetProperty("a").GetDouble());
        AssertNear(2.426, bg.GetProperty("b").GetDouble());
        Assert.InRange(bg.GetProperty("logLikelihood").GetDouble(), -9582.5, -9582.3);
        var gg = clv.GetProperty("gammaGamma");
        Assert.Equal(946, gg.GetProperty("customers").GetInt32());
        AssertNear(6.25, gg.GetProperty("p").GetDouble());
        AssertNear(3.74, gg.GetProperty("q").GetDouble());
        AssertNear(15.44, gg.GetProperty("gamma").GetDouble());
        var top = clv.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(5, top.Count);
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.GetProperty("clv12Months").GetDouble() >= p.Second.GetProperty("clv12Months").GetDouble()));
        Assert.All(top, p => Assert.InRange(p.GetProperty("probabilityAlive").GetDouble(), 0, 1));
    }

    [Fact]
    public async Task TooFewRepeatBuyers_Is422_AndBadParametersAreNamed()
    {
        (await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"once","event":"Order Completed","properties":{"revenue":10}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        using var unfit = await _server.Admin.GetAsync("/api/v1/models/clv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unfit.StatusCode);
        using var bad = await _server.Admin.GetAsync("/api/v1/models/clv?sample=-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("sample", (await bad.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    /// <summary>Within 1 % of the published value, which is given to three or four significant digits.</summary>
    private static void AssertNear(double published, double fitted) =>
        Assert.True(Math.Abs(fitted - published) <= 0.01 * published, $"fitted {fitted}, published {published}");
}
