using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Cli.Reports;

/// <summary><c>helix report retention --start A --return B</c>: cohorts by first event and the share returning per period (POST /api/v1/analytics/retention).</summary>
internal static class RetentionReport
{
    public static Command Create()
    {
        var options = new ReportOptions();
        var start = new Option<string?>("--start") { Description = "The event that puts a person in a cohort (their first in the range)." };
        var @return = new Option<string?>("--return") { Description = "The event that counts as a return (default: the --start event)." };
        var periods = new Option<int?>("--periods") { Description = "Periods after the cohort's to show (1 to 400, default 7)." };
        var weekly = new Option<bool>("--weekly") { Description = "Weekly cohorts and periods (default: daily)." };
        var bounded = new Option<bool>("--bounded") { Description = "Count a return only in its own period (default: in that period or later)." };
        var command = new Command("retention", "Cohorts by first event and the share of each that returned in each later period.") { start, @return, periods, weekly, bounded };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, "/api/v1/analytics/retention", body =>
            {
                if (parse.GetValue(start) is { } first)
                {
                    body["start"] = new JsonObject { ["event"] = first };
                    body["return"] = new JsonObject { ["event"] = parse.GetValue(@return) ?? first };
                }
                else if (parse.GetValue(@return) is { } returning)
                {
                    body["return"] = new JsonObject { ["event"] = returning };
                }

                ReportOptions.Set(body, "periods", parse.GetValue(periods));
                ReportOptions.Set(body, "interval", parse.GetValue(weekly) ? "week" : null);
                ReportOptions.Set(body, "bounded", parse.GetValue(bounded) ? true : null);
            },
            (_, answer) => [Table(answer)], cancellationToken));
        return command;
    }

    /// <summary>One row per group and cohort: its size, then the share retained in periods 1…N (period 0 is the cohort itself).</summary>
    private static ReportTable Table(JsonElement answer)
    {
        var groups = answer.GetProperty("groups").EnumerateArray().ToList();
        var periods = groups.SelectMany(g => g.GetProperty("cohorts").EnumerateArray()).Select(c => c.GetProperty("retained").GetArrayLength()).DefaultIfEmpty(1).Max();
        var table = new ReportTable("Retention", [
            new("group"), new("cohort"), new("persons", ColumnKind.Count), .. Enumerable.Range(1, periods - 1).Select(p => new ReportColumn($"+{p}", ColumnKind.Percent))]);
        foreach (var group in groups)
        {
            var name = ReportValues.Group(group);
            foreach (var cohort in group.GetProperty("cohorts").EnumerateArray())
            {
                var persons = cohort.GetProperty("persons").GetInt64();
                var retained = cohort.GetProperty("retained").EnumerateArray().Skip(1).Select(r => persons == 0 ? (object?)null : (double)r.GetInt64() / persons);
                table.Add([name, cohort.GetProperty("start").GetString(), persons, .. retained, .. Enumerable.Repeat<object?>(null, periods - cohort.GetProperty("retained").GetArrayLength())]);
            }
        }

        return table;
    }
}
