using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Helix.Cli.Commands;
using Helix.Server;
using Helix.Testing;
using Microsoft.AspNetCore.Builder;

namespace Helix.Cli.Tests;

/// <summary><c>helix report …</c> against a real server on loopback: CSV figures, exit codes, the server's own field errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReportCommandTests : IAsyncLifetime
{
    private const string AdminKey = "hxk_report_admin";
    private const string WriteKey = "hxw_report_write";
    private static readonly DateTimeOffset Day1 = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new("helix-report");
    private WebApplication _app = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _app = HelixServer.Build(new HelixServerOptions
        {
            DataDirectory = _data.Path, Urls = "http://127.0.0.1:0", BootstrapAdminKey = AdminKey, BootstrapWriteKey = WriteKey,
        });
        await _app.StartAsync();
        _url = _app.Urls.First();
        using var http = new HttpClient { BaseAddress = new Uri(_url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        // u1 views and buys an hour later; u2 views; u3 views, buys the next day and comes back two days later.
        JsonObject[] events =
        [
            Track("u1", "Product Viewed", Day1), Track("u1", "Order Completed", Day1.AddHours(1), 100),
            Track("u2", "Product Viewed", Day1),
            Track("u3", "Product Viewed", Day1), Track("u3", "Order Completed", Day1.AddDays(1), 50), Track("u3", "Product Viewed", Day1.AddDays(2)),
        ];
        (await http.PostAsJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray(events) })).EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        (await http.PostAsync("/api/v1/pipeline/flush", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Funnel_WritesStepsAsCsv()
    {
        var csv = _data.File("funnel.csv");

        var exit = await RunAsync("funnel", "--step", "Product Viewed", "--step", "Order Completed", "--window", "2d", "--csv", csv);

        Assert.Equal(0, exit);
        Assert.Equal(
            ["group,step,event,persons,conversion,step conversion,median time from previous",
             "all,1,Product Viewed,3,1,1,",
             $"all,2,Order Completed,2,{2 / 3.0:R},{2 / 3.0:R},{(3600 + 86_400) / 2.0:R}"],
            Lines(csv));
    }

    [Fact]
    public async Task Retention_WritesTheShareReturningPerDay()
    {
        var csv = _data.File("retention.csv");

        var exit = await RunAsync("retention", "--start", "Product Viewed", "--return", "Product Viewed", "--periods", "2", "--bounded", "--csv", csv);

        Assert.Equal(0, exit);
        Assert.Equal(["group,cohort,persons,+1,+2", $"all,2026-11-02,3,0,{1 / 3.0:R}"], Lines(csv));
    }

    [Fact]
    public async Task Kpi_WritesOneRowPerKpi_ForTheRange()
    {
        var csv = _data.File("kpi.csv");

        var exit = await RunAsync("kpi", "--csv", csv);

        Assert.Equal(0, exit);
        var rows = Lines(csv).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(("3", "3", "2", "2", "150", "75", "0"), (rows["new users"], rows["active persons"], rows["orders"], rows["buyers"], rows["GMV"], rows["AOV"], rows["repurchase rate"]));
        // u3 is back the day after their first: 1 of the 3 new users of the 2nd.
        Assert.Equal($"{1 / 3.0:R}", rows["D1 retention"]);
    }

    [Fact]
    public async Task Rfm_WritesGroupsMatrixAndMovement_AsThreeFiles()
    {
        var csv = _data.File("rfm.csv");

        var exit = await RunAsync("rfm", "--as-of", "2026-11-10T00:00:00Z", "--compare-to", "2026-11-02T12:00:00Z", "--csv", csv);

        Assert.Equal(0, exit);
        Assert.Equal(2, Lines(csv).Skip(1).Sum(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("R \\ F,F1,F2,F3,F4,F5", Lines(_data.File("rfm.rfm-matrix.csv"))[0]);
        // u1 had bought by the 2nd, 12:00 UTC; u3 had not.
        var none = Lines(_data.File("rfm.rfm-movement.csv")).Single(l => l.StartsWith("none,", StringComparison.Ordinal));
        Assert.Equal(1, none.Split(',').Skip(1).Sum(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ABadQuery_Exits2WithTheServersFieldError_AndABadKeyExits3()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await RunAsync("funnel", "--step", "Product Viewed"));
            Assert.Contains("steps:", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(3, await HelixCommand.Create().Parse(["report", "funnel", "--step", "A", "--step", "B", "--url", _url, "--key", "hxk_wrong"]).InvokeAsync());
            Assert.Contains("--key", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    /// <summary>Runs a report on this server; over the 1st to the 5th of November in Shanghai, except RFM, which is at an instant.</summary>
    private Task<int> RunAsync(string report, params string[] args)
    {
        string[] range = report == "rfm" ? [] : ["--from", "2026-11-01", "--to", "2026-11-05", "--time-zone", "Asia/Shanghai"];
        return HelixCommand.Create().Parse(["report", report, "--url", _url, "--key", AdminKey, .. range, .. args]).InvokeAsync();
    }

    private static string[] Lines(string path) => File.ReadAllText(path).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private static JsonObject Track(string user, string name, DateTimeOffset at, decimal? revenue = null) => new()
    {
        ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = at.ToString("O"),
        ["properties"] = revenue is null ? new JsonObject() : new JsonObject { ["revenue"] = revenue },
    };
}
