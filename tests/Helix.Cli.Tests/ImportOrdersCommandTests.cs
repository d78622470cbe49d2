using System.Globalization;
using System.Text.Json;
using Helix.Cli.Commands;
using Helix.Core.Commerce;
using Helix.Core.Identity;
using Helix.Core.Models;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb;
using Helix.Testing;

namespace Helix.Cli.Tests;

/// <summary><c>helix import orders</c> on an excerpt of the UCI Online Retail data (tests/data/online_retail) and on small files.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImportOrdersCommandTests
{
    private static readonly WorkspaceId Workspace = new("default");
    private static readonly DateTimeOffset AsOf = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Excerpt = Path.Combine(HelixProcess.RepositoryRoot(), "tests", "data", "online_retail", "online_retail_excerpt.csv");

    private static readonly string[] OnlineRetailMapping =
    [
        "--column", "order_id=InvoiceNo", "--column", "sku=StockCode", "--column", "product_name=Description", "--column", "quantity=Quantity",
        "--column", "ordered_at=InvoiceDate", "--column", "unit_price=UnitPrice", "--column", "user_id=CustomerID", "--column", "country=Country",
        "--refund-prefix", "C", "--time-zone", "Europe/London",
    ];

    private sealed record RetailLine(string Invoice, decimal Quantity, decimal UnitPrice, DateTime Date, string Customer);

    [Fact]
    public async Task OnlineRetailExcerpt_NetRevenuePerCustomerMatchesTheCsv_AndReimportChangesNothing()
    {
        using var data = new TempDirectory("helix-orders");
        string[] args = ["import", "orders", Excerpt, "--data", data.Path, "--rejected", data.File("rejected.jsonl"), .. OnlineRetailMapping];
        var lines = ReadExcerpt();
        var buyers = lines.Where(l => l.Customer.Length > 0).ToList();
        // As RFM counts: customers with at least one order; revenue is orders minus refunds (C invoices and negative quantities).
        static bool Bought(RetailLine l) => !l.Invoice.StartsWith('C') && l.Quantity > 0;
        var expected = buyers.GroupBy(l => l.Customer)
            .Where(g => g.Any(Bought))
            .ToDictionary(g => g.Key, g => (
                Orders: g.Where(Bought).Select(l => l.Invoice).Distinct().Count(),
                Revenue: g.Sum(l => l.Quantity * l.UnitPrice),
                FirstOrder: g.Where(Bought).Min(l => l.Date)));
        var expectedEvents = buyers.Select(l => (l.Invoice, Refund: l.Invoice.StartsWith('C') || l.Quantity < 0)).Distinct().Count();

        var exit = await HelixCommand.Create().Parse(args).InvokeAsync();

        Assert.Equal(0, exit);
        Assert.False(File.Exists(data.File("rejected.jsonl")), "every row of the excerpt is valid");
        var first = await DescribeAsync(data.Path);
        Assert.Equal(expectedEvents, first.Events);
        Assert.Equal(expected.Count, first.Summaries.Count);
        foreach (var (customer, (orders, revenue, firstOrder)) in expected)
        {
            var summary = first.Summaries[customer];
            Assert.Equal(orders, summary.Orders);
            Assert.Equal((double)revenue, summary.Revenue, 6);
            // December in London is GMT: the invoice time is the UTC time.
            Assert.Equal(new DateTimeOffset(firstOrder, TimeSpan.Zero), first.FirstOrders[customer]);
        }

        Assert.Equal(0, await HelixCommand.Create().Parse(args).InvokeAsync());

        var again = await DescribeAsync(data.Path);
        Assert.Equal(first.Events, again.Events);
        Assert.Equal(first.Summaries, again.Summaries);
    }

    [Fact]
    public async Task BadRows_AreReportedWithRowAndColumn_AndTakeOnlyTheirOrder()
    {
        using var data = new TempDirectory("helix-orders");
        await File.WriteAllTextAsync(data.File("lines.csv"), """
            order_id,sku,quantity,unit_price,ordered_at,user_id,phone
            A1,S1,2,10.00,2024-06-18 20:15:00,u1,
            B1,S1,two,10.00,2024-06-18 20:16:00,u2,
            A1,S2,1,5.50,2024-06-18 20:15:00,u1,
            B1,S2,1,3.00,2024-06-18 20:16:00,u2,
            C1,S3,1,8.00,2024-06-19 10:00:00,,13800138000
            """);

        var exit = await HelixCommand.Create().Parse(["import", "orders", data.File("lines.csv"), "--data", data.Path, "--price-bands", "5,20,100"]).InvokeAsync();

        Assert.Equal(0, exit);
        var rejected = File.ReadAllLines(data.File("lines.rejected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([3, 5], rejected.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal("quantity", rejected[0].GetProperty("errors")[0].GetProperty("column").GetString());
        Assert.Contains("row 3", rejected[1].GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var opened = await OpenedStore.OpenAsync(data.Path);
        var store = opened.Store;
        Assert.Equal(2, await store.CountEventsAsync(Workspace));
        var summaries = await store.OrderSummariesAsync(Workspace, CommerceEvents.OrderCompleted, CommerceEvents.OrderRefunded, "revenue", AsOf);
        Assert.Equal([8.0, 25.5], summaries.Select(s => s.Revenue).Order());
        Assert.NotNull(await store.FindByIdentifierAsync(Workspace, new Identifier("phone", "+8613800138000")));
    }

    [Theory]
    [InlineData("--column", "order=InvoiceNo")]
    [InlineData("--price-bands", "20,5")]
    [InlineData("--column", "order_id=NoSuchHeader")]
    public async Task BadOptions_Return2BeforeTouchingTheDataDirectory(string option, string value)
    {
        using var data = new TempDirectory("helix-orders");

        var exit = await HelixCommand.Create().Parse(["import", "orders", Excerpt, "--data", data.File("store"), option, value]).InvokeAsync();

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(data.File("store")));
    }

    [Fact]
    public void UnknownTimeZone_IsAParseError()
    {
        var result = HelixCommand.Create().Parse(["import", "orders", Excerpt, "--time-zone", "Mars/Olympus"]);

        Assert.NotEmpty(result.Errors);
    }

    private static List<RetailLine> ReadExcerpt() =>
        File.ReadLines(Excerpt).Skip(1).Select(ParseCsvLine).Select(f => new RetailLine(
            f[0],
            decimal.Parse(f[3], CultureInfo.InvariantCulture),
            decimal.Parse(f[5], CultureInfo.InvariantCulture),
            DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            f[6])).ToList();

    /// <summary>A plain reader for the excerpt's CSV (double-quoted fields, no line breaks inside), independent of the command's.</summary>
    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private sealed record Description(long Events, Dictionary<string, (long Orders, double Revenue)> Summaries, Dictionary<string, DateTimeOffset> FirstOrders);

    private static async Task<Description> DescribeAsync(string dataDirectory)
    {
        await using var store = await DuckDbStore.OpenAsync(Path.Combine(dataDirectory, "helix.duckdb"), TimeProvider.System);
        var summaries = await store.OrderSummariesAsync(Workspace, CommerceEvents.OrderCompleted, CommerceEvents.OrderRefunded, "revenue", AsOf);
        var orders = await store.OrdersAsync(Workspace, CommerceEvents.OrderCompleted, "revenue", AsOf);
        var customers = new Dictionary<string, (long, double)>();
        var firstOrders = new Dictionary<string, DateTimeOffset>();
        foreach (var summary in summaries)
        {
            var customer = await CustomerOfAsync(store, summary);
            customers.Add(customer, (summary.Orders, summary.Revenue));
            firstOrders.Add(customer, orders.Where(o => o.Person == summary.Person).Min(o => o.At));
        }

        return new Description(await store.CountEventsAsync(Workspace), customers, firstOrders);
    }

    private static async Task<string> CustomerOfAsync(DuckDbStore store, OrderSummary summary)
    {
        var profile = await store.GetProfileAsync(Workspace, summary.Person);
        return Assert.Single(profile!.Identifiers, i => i.Identifier.Type == IdentifierTypes.UserId).Identifier.Value;
    }
}
