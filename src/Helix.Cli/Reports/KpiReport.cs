using System.CommandLine;
using System.Text.Json;

namespace Helix.Cli.Reports;

/// <summary><c>helix report kpi</c>: the KPI set over the range, and per day, week or month with --interval (POST /api/v1/analytics/kpis).</summary>
internal static class KpiReport
{
    /// <summary>Each KPI's row: its label, how it prints, and where it is in a KPI set.</summary>
    private static readonly (string Label, ColumnKind Kind, Func<JsonElement, object?> Read)[] Rows =
    [
        ("new users", ColumnKind.Count, s => Long(s, "newUsers")),
        ("active persons", ColumnKind.Count, s => Long(s, "activePersons")),
        ("DAU (mean)", ColumnKind.Number, s => ReportValues.Double(s, "dau")),
        ("WAU", ColumnKind.Count, s => Long(s, "wau")),
        ("MAU", ColumnKind.Count, s => Long(s, "mau")),
        ("fans (followed)", ColumnKind.Count, s => Long(s, "fans")),
        ("fan conversion", ColumnKind.Percent, s => ReportValues.Double(s, "fanConversion")),
        ("orders", ColumnKind.Count, s => Long(s, "orders")),
        ("buyers", ColumnKind.Count, s => Long(s, "buyers")),
        ("repurchase rate", ColumnKind.Percent, s => ReportValues.Double(s, "repurchaseRate")),
        ("GMV", ColumnKind.Number, s => ReportValues.Double(s, "gmv")),
        ("AOV", ColumnKind.Number, s => ReportValues.Double(s, "aov")),
        ("coupon claim rate", ColumnKind.Percent, s => ReportValues.Double(s, "couponClaimRate")),
        ("coupon redemption rate", ColumnKind.Percent, s => ReportValues.Double(s, "couponRedemptionRate")),
    ];

    public static Command Create()
    {
        var options = new ReportOptions();
        var interval = new Option<string?>("--interval") { Description = "Also show each day, week or month of the range (default: the range as a whole)." };
        var command = new Command("kpi", "The KPI set: new and active persons, DAU/WAU/MAU, fan conversion, orders, repurchase, GMV, AOV, D1-D30 retention, coupons.") { interval };
        options.AddTo(command, breakdown: false);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, "/api/v1/analytics/kpis",
            body => ReportOptions.Set(body, "interval", parse.GetValue(interval)),
            (body, answer) => [Table(answer, series: parse.GetValue(interval) is not null || body.ContainsKey("interval"))], cancellationToken));
        return command;
    }

    /// <summary>One row per KPI and one column per period (with <paramref name="series"/>), then the whole range.</summary>
    private static ReportTable Table(JsonElement answer, bool series)
    {
        var total = answer.GetProperty("total");
        List<JsonElement> periods = [.. series ? answer.GetProperty("series").EnumerateArray() : [], total];
        var table = new ReportTable("KPIs", [
            new("kpi"), .. periods.Select((p, i) => new ReportColumn(i == periods.Count - 1 ? "total" : p.GetProperty("start").GetString()!, ColumnKind.Number))]);
        foreach (var (label, kind, read) in Rows)
        {
            table.Add([label, .. periods.Select(read)], kind);
        }

        foreach (var day in total.GetProperty("retention").EnumerateArray().Select(r => r.GetProperty("day").GetInt32()))
        {
            table.Add([$"D{day} retention", .. periods.Select(p => Retention(p, day))], ColumnKind.Percent);
        }

        return table;
    }

    private static double? Retention(JsonElement set, int day) =>
        set.GetProperty("retention").EnumerateArray().Where(r => r.GetProperty("day").GetInt32() == day).Select(r => ReportValues.Double(r, "rate")).FirstOrDefault();

    private static long? Long(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
