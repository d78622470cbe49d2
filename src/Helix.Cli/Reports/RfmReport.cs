using System.CommandLine;
using System.Text.Json;

namespace Helix.Cli.Reports;

/// <summary>
/// <c>helix report rfm</c>: the 8 RFM groups, the R×F matrix, and with --compare-to the movement between groups
/// (POST /api/v1/analytics/rfm).
/// </summary>
internal static class RfmReport
{
    public static Command Create()
    {
        var options = new ReportOptions();
        var asOf = new Option<string?>("--as-of") { Description = "The instant to score at, ISO 8601 (default: now)." };
        var compareTo = new Option<string?>("--compare-to") { Description = "An earlier instant: adds the movement between groups from then to --as-of." };
        var bins = new Option<int?>("--bins") { Description = "Scores per dimension, 2 to 10 (default 5)." };
        var command = new Command("rfm", "RFM groups and R×F matrix of the buyers, and how they moved between groups since an earlier time.") { asOf, compareTo, bins };
        options.AddTo(command, range: false, breakdown: false);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, "/api/v1/analytics/rfm", body =>
            {
                ReportOptions.Set(body, "asOf", parse.GetValue(asOf));
                ReportOptions.Set(body, "compareTo", parse.GetValue(compareTo));
                ReportOptions.Set(body, "bins", parse.GetValue(bins));
            },
            (_, answer) => [Groups(answer), Matrix(answer), .. answer.TryGetProperty("movement", out var m) && m.ValueKind == JsonValueKind.Object ? [Movement(m)] : Array.Empty<ReportTable>()],
            cancellationToken));
        return command;
    }

    private static ReportTable Groups(JsonElement answer)
    {
        var table = new ReportTable($"RFM groups at {answer.GetProperty("asOf").GetString()}", [
            new("group"), new("persons", ColumnKind.Count), new("share", ColumnKind.Percent), new("revenue", ColumnKind.Number), new("revenue share", ColumnKind.Percent)]);
        foreach (var group in answer.GetProperty("groups").EnumerateArray())
        {
            table.Add(group.GetProperty("group").GetString(), group.GetProperty("persons").GetInt64(), ReportValues.Double(group, "share"),
                ReportValues.Double(group, "revenue"), ReportValues.Double(group, "revenueShare"));
        }

        return table;
    }

    /// <summary>Persons per recency score (rows, 5 = most recent) and frequency score (columns).</summary>
    private static ReportTable Matrix(JsonElement answer)
    {
        var bins = answer.GetProperty("bins").GetInt32();
        var cells = answer.GetProperty("matrix").EnumerateArray().ToDictionary(c => (c.GetProperty("r").GetInt32(), c.GetProperty("f").GetInt32()), c => c.GetProperty("persons").GetInt64());
        var table = new ReportTable("RFM matrix", [new("R \\ F"), .. Enumerable.Range(1, bins).Select(f => new ReportColumn($"F{f}", ColumnKind.Count))]);
        for (var r = bins; r >= 1; r--)
        {
            table.Add([$"R{r}", .. Enumerable.Range(1, bins).Select(f => (object?)cells.GetValueOrDefault((r, f)))]);
        }

        return table;
    }

    /// <summary>Persons by group at compareTo (rows; "none": not yet a buyer) and at asOf (columns).</summary>
    private static ReportTable Movement(JsonElement movement)
    {
        var to = movement.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList();
        var table = new ReportTable("RFM movement", [new("from \\ to"), .. to.Select(t => new ReportColumn(t, ColumnKind.Count))]);
        foreach (var (from, row) in movement.GetProperty("from").EnumerateArray().Zip(movement.GetProperty("persons").EnumerateArray()))
        {
            table.Add([from.GetString(), .. row.EnumerateArray().Select(n => (object?)n.GetInt64())]);
        }

        return table;
    }
}
