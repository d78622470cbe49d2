using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Helix.Core.Commerce;

namespace Helix.Cli.Csv;

/// <summary>
/// A CSV file with a header row (RFC 4180: comma-separated, fields with commas, quotes or line breaks
/// quoted; UTF-8, a byte-order mark is skipped), read with CsvHelper. Rows come as <see cref="ImportRow"/>s,
/// numbered as a spreadsheet numbers them (the header is row 1). A row CsvHelper finds malformed (a stray
/// quote) or with the wrong number of fields carries its problem instead of being dropped silently.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamReader _reader;
    private readonly CsvParser _parser;
    private string? _badData;

    private CsvTable(FileStream stream, string path)
    {
        _stream = stream;
        _reader = new StreamReader(_stream, detectEncodingFromByteOrderMarks: true);
        _parser = new CsvParser(_reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => _badData ??= $"has a malformed field near '{Shorten(args.Field)}' (a quote inside an unquoted field?)",
        });
        Name = System.IO.Path.GetFileName(path);
        if (!_parser.Read() || _parser.Record is not { Length: > 0 } header || header.All(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDataException($"{Name} has no header row");
        }

        Headers = [.. header.Select(h => h.Trim())];
        if (Headers.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new InvalidDataException($"{Name} has the column '{repeated.Key}' twice");
        }

        _badData = null;
    }

    public string Name { get; }

    public IReadOnlyList<string> Headers { get; }

    public long Length => _stream.Length;

    /// <summary>How far the reader is into the file, in bytes (for a progress bar).</summary>
    public long Position => _stream.Position;

    /// <exception cref="InvalidDataException">The file has no header, or a header twice.</exception>
    public static CsvTable Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            return new CsvTable(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The rows after the header, read as they are enumerated; enumerate once.</summary>
    public IEnumerable<ImportRow> Rows()
    {
        while (_parser.Read())
        {
            var record = _parser.Record ?? [];
            var problem = _badData;
            _badData = null;
            if (problem is null && record.Length != Headers.Count)
            {
                problem = $"has {record.Length} fields; the header has {Headers.Count}";
            }

            var values = new Dictionary<string, string>(Headers.Count, StringComparer.Ordinal);
            for (var i = 0; i < Math.Min(record.Length, Headers.Count); i++)
            {
                values[Headers[i]] = record[i];
            }

            yield return new ImportRow(_parser.Row, values, problem);
        }
    }

    public void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
        _stream.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
