using System.Globalization;
using CsvHelper;
using Spectre.Console;

namespace Helix.Cli.Reports;

/// <summary>How a column's values print: on screen for people (12.5%, 1h 02m), in CSV for spreadsheets (0.125, 3720).</summary>
internal enum ColumnKind
{
    Text,
    Count,
    Number,
    Percent,
    Seconds,
}

internal sealed record ReportColumn(string Name, ColumnKind Kind = ColumnKind.Text);

/// <summary>A report's rows under named, typed columns: drawn as a Spectre table, or written as CSV with raw values.</summary>
internal sealed class ReportTable(string title, IReadOnlyList<ReportColumn> columns)
{
    private readonly List<object?[]> _rows = [];
    private readonly List<ColumnKind?> _kinds = [];

    public string Title { get; } = title;

    /// <summary>The title as a file-name part: "RFM movement" → "rfm-movement".</summary>
    public string Slug => System.Text.RegularExpressions.Regex.Replace(Title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    public IReadOnlyList<ReportColumn> Columns { get; } = columns;

    public ReportTable Add(params object?[] row) => Add(row, null);

    /// <summary>A row whose values (after the first, its label) print as <paramref name="kind"/>: for tables with a KPI per row.</summary>
    public ReportTable Add(object?[] row, ColumnKind? kind)
    {
        if (row.Length != Columns.Count)
        {
            throw new ArgumentException($"A row of '{Title}' has {row.Length} values for {Columns.Count} columns.", nameof(row));
        }

        _rows.Add(row);
        _kinds.Add(kind);
        return this;
    }

    public void Write(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Title));
        foreach (var column in Columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column.Name)) { Alignment = column.Kind == ColumnKind.Text ? Justify.Left : Justify.Right });
        }

        foreach (var (row, kind) in _rows.Zip(_kinds))
        {
            table.AddRow([.. row.Select((value, i) => Markup.Escape(Screen(value, i > 0 && kind is { } k ? k : Columns[i].Kind)))]);
        }

        console.Write(table);
    }

    /// <summary>Writes the header and rows; numbers in invariant culture, nulls as empty fields.</summary>
    public void WriteCsv(TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column.Name);
        }

        csv.NextRecord();
        foreach (var row in _rows)
        {
            foreach (var value in row)
            {
                csv.WriteField(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "");
            }

            csv.NextRecord();
        }
    }

    private static string Screen(object? value, ColumnKind kind) => (value, kind) switch
    {
        (null, _) => "–",
        (double d, ColumnKind.Percent) => d.ToString("0.0%", CultureInfo.InvariantCulture),
        (double d, ColumnKind.Seconds) => Duration(d),
        (IFormattable f, ColumnKind.Count) => f.ToString("#,0", CultureInfo.InvariantCulture),
        (IFormattable f, ColumnKind.Number) => f.ToString("#,0.##", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span switch
        {
            { TotalDays: >= 1 } => $"{(int)span.TotalDays}d {span.Hours:00}h",
            { TotalHours: >= 1 } => $"{span.Hours}h {span.Minutes:00}m",
            { TotalMinutes: >= 1 } => $"{span.Minutes}m {span.Seconds:00}s",
            _ => $"{span.TotalSeconds:0}s",
        };
    }
}
