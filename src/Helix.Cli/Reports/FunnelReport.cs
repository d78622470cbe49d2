using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Cli.Reports;

/// <summary><c>helix report funnel --step A --step B …</c>: persons, conversion and median time per step (POST /api/v1/analytics/funnels).</summary>
internal static class FunnelReport
{
    public static Command Create()
    {
        var options = new ReportOptions();
        var steps = new Option<string[]>("--step") { Description = "An event of the funnel, in order (2 to 10; repeat the option).", AllowMultipleArgumentsPerToken = false };
        var window = new Option<string?>("--window") { Description = "Time to convert from the first step: Nd, Nh or Nm (default 1d)." };
        var strict = new Option<bool>("--strict") { Description = "Each step must be the person's very next event." };
        var command = new Command("funnel", "Persons per step of an ordered funnel, conversion and median time between steps.") { steps, window, strict };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, "/api/v1/analytics/funnels", body =>
            {
                if (parse.GetValue(steps) is { Length: > 0 } events)
                {
                    body["steps"] = new JsonArray([.. events.Select(e => new JsonObject { ["event"] = e })]);
                }

                ReportOptions.Set(body, "window", parse.GetValue(window));
                ReportOptions.Set(body, "order", parse.GetValue(strict) ? "strict" : null);
            },
            (body, answer) => [Table(body, answer)], cancellationToken));
        return command;
    }

    /// <summary>One row per group and step, named by the step's event in the query.</summary>
    private static ReportTable Table(JsonObject body, JsonElement answer)
    {
        var events = body["steps"] is JsonArray steps ? steps.Select(s => s?["event"]?.ToString() ?? "").ToList() : [];
        var table = new ReportTable("Funnel", [
            new("group"), new("step", ColumnKind.Count), new("event"), new("persons", ColumnKind.Count), new("conversion", ColumnKind.Percent),
            new("step conversion", ColumnKind.Percent), new("median time from previous", ColumnKind.Seconds)]);
        foreach (var group in answer.GetProperty("groups").EnumerateArray())
        {
            var name = ReportValues.Group(group);
            foreach (var step in group.GetProperty("steps").EnumerateArray())
            {
                var number = step.GetProperty("step").GetInt32();
                table.Add(name, number, events.ElementAtOrDefault(number - 1), step.GetProperty("persons").GetInt64(), step.GetProperty("conversion").GetDouble(),
                    step.GetProperty("stepConversion").GetDouble(), ReportValues.Double(step, "medianSeconds"));
            }
        }

        return table;
    }
}
