using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Helix.Cli.Reports;

/// <summary>
/// The options every report takes (server, key, range, time zone, segment, breakdown, a query file, CSV output), and
/// running a report: body → POST → tables → screen or CSV.
/// </summary>
internal sealed class ReportOptions
{
    private readonly Option<string> _url = new("--url")
    {
        Description = "The Helix server (default: $HELIX_URL, else http://127.0.0.1:8080).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HELIX_URL") ?? "http://127.0.0.1:8080",
    };

    private readonly Option<string?> _key = new("--key") { Description = "An API key with analytics:read (default: $HELIX_API_KEY)." };
    private readonly Option<string?> _from = new("--from") { Description = "First day, yyyy-MM-dd (default: 29 days before --to)." };
    private readonly Option<string?> _to = new("--to") { Description = "Last day, yyyy-MM-dd (default: today, UTC)." };
    private readonly Option<string?> _timeZone = new("--time-zone") { Description = "IANA time zone of the days (default: the workspace's)." };
    private readonly Option<string?> _segment = new("--segment") { Description = "Only persons matching this audience condition, e.g. 'tag(\"vip\")'." };
    private readonly Option<string?> _breakdown = new("--breakdown") { Description = "Split by property:PATH, trait:NAME or tag:NAME." };
    private readonly Option<FileInfo?> _query = new("--query") { Description = "A JSON file with the query's body; the options above override its fields." };
    private readonly Option<FileInfo?> _csv = new("--csv") { Description = "Write the report as CSV to this file (further tables beside it, as FILE.NAME.csv)." };

    private bool _range = true;

    public void AddTo(Command command, bool range = true, bool breakdown = true)
    {
        _range = range;
        Option[] options = [_url, _key, .. range ? new Option[] { _from, _to, _timeZone } : [], _segment, .. breakdown ? [_breakdown] : Array.Empty<Option>(), _query, _csv];
        foreach (var option in options)
        {
            command.Add(option);
        }
    }

    /// <summary>
    /// Runs the report: builds the body (the query file, then the common options, then <paramref name="fill"/>),
    /// posts it to <paramref name="path"/>, turns the answer (and the body it answers) into tables. Exit 0, 2 (a bad query) or 3 (server, key).
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parse, string path, Action<JsonObject> fill, Func<JsonObject, JsonElement, IReadOnlyList<ReportTable>> tables, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        try
        {
            var body = await BodyAsync(parse, cancellationToken);
            fill(body);
            var key = parse.GetValue(_key) ?? Environment.GetEnvironmentVariable("HELIX_API_KEY")
                ?? throw new ReportException("No API key: pass --key or set HELIX_API_KEY (a key with analytics:read).", 2);
            if (!Uri.TryCreate(parse.GetValue(_url), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            {
                throw new ReportException($"--url '{parse.GetValue(_url)}' is not an http(s) address.", 2);
            }

            using var client = new ReportClient(server, key);
            var answer = await client.PostAsync(path, body, cancellationToken);
            var result = tables(body, answer);
            if (parse.GetValue(_csv) is { } csv)
            {
                WriteCsv(csv, result);
                console.MarkupLine($"Wrote {Markup.Escape(string.Join(", ", result.Select((_, i) => CsvPath(csv, result, i))))}");
            }
            else
            {
                foreach (var table in result)
                {
                    table.Write(console);
                }
            }

            return 0;
        }
        catch (ReportException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
    }

    private async Task<JsonObject> BodyAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (parse.GetValue(_query) is { } file)
        {
            try
            {
                body = JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken)) as JsonObject
                    ?? throw new ReportException($"--query {file.Name} holds JSON that is not an object.", 2);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                throw new ReportException($"--query {file.Name}: {e.Message}", 2);
            }
        }

        if (_range)
        {
            Range(parse, body);
            Set(body, "timeZone", parse.GetValue(_timeZone));
        }

        Set(body, "segment", parse.GetValue(_segment));
        if (parse.GetValue(_breakdown) is { } breakdown)
        {
            var colon = breakdown.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || breakdown[..colon] is not ("property" or "trait" or "tag"))
            {
                throw new ReportException($"--breakdown '{breakdown}' is property:PATH, trait:NAME or tag:NAME.", 2);
            }

            body["breakdown"] = new JsonObject { [breakdown[..colon]] = breakdown[(colon + 1)..] };
        }

        return body;
    }

    /// <summary>--from and --to, or the query file's, or the last 30 days up to today (UTC).</summary>
    private void Range(ParseResult parse, JsonObject body)
    {
        if (parse.GetValue(_to) is { } to || !body.ContainsKey("to"))
        {
            body["to"] = parse.GetValue(_to) ?? DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (parse.GetValue(_from) is not null || !body.ContainsKey("from"))
        {
            body["from"] = parse.GetValue(_from) ?? DefaultFrom(body["to"]?.GetValueKind() == JsonValueKind.String ? body["to"]!.GetValue<string>() : "");
        }
    }

    /// <summary>29 days before <paramref name="to"/> (a 30-day range); an unreadable date is left for the server to name.</summary>
    private static string DefaultFrom(string to) =>
        DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : to;

    public static void Set(JsonObject body, string field, JsonNode? value)
    {
        if (value is not null)
        {
            body[field] = value;
        }
    }

    private static void WriteCsv(FileInfo csv, IReadOnlyList<ReportTable> tables)
    {
        for (var i = 0; i < tables.Count; i++)
        {
            using var writer = new StreamWriter(CsvPath(csv, tables, i), append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            tables[i].WriteCsv(writer);
        }
    }

    /// <summary>The first table goes to the file asked for; the others beside it, named by their titles.</summary>
    private static string CsvPath(FileInfo csv, IReadOnlyList<ReportTable> tables, int index) => index == 0
        ? csv.FullName
        : Path.Combine(csv.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(csv.Name)}.{tables[index].Slug}.csv");
}
