using Helix.Core.Identity.Matching;
using Helix.Testing;

namespace Helix.Core.Tests.Identity.Matching;

/// <summary>
/// Reads the FEBRL synthetic person records in tests/data/febrl (format in SOURCE.md there): comma and
/// space separated, no quoting, a blank field is missing, and the true entity is part of the record id.
/// </summary>
internal static class FebrlDataSet
{
    public static string Directory => Path.Combine(HelixProcess.RepositoryRoot(), "tests", "data", "febrl");

    /// <summary>The records of <paramref name="file"/> with the values of <paramref name="columns"/>, in that order.</summary>
    public static IReadOnlyList<MatchRecord> Load(string file, IReadOnlyList<string> columns)
    {
        using var lines = File.ReadLines(Path.Combine(Directory, file)).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new InvalidDataException($"{file} is empty.");
        }

        var header = Split(lines.Current);
        var positions = columns.Select(c => Array.IndexOf(header, c) is var p and >= 0 ? p : throw new InvalidDataException($"{file} has no column {c}.")).ToArray();
        var records = new List<MatchRecord>();
        while (lines.MoveNext())
        {
            var values = Split(lines.Current);
            records.Add(new MatchRecord(values[0], [.. positions.Select(p => values[p].Length == 0 ? null : values[p])]));
        }

        return records;
    }

    /// <summary>The entity a record describes: <c>rec-123-org</c> and <c>rec-123-dup-2</c> are both entity 123.</summary>
    public static string Entity(string recordId)
    {
        var start = recordId.IndexOf('-', StringComparison.Ordinal) + 1;
        return recordId[start..recordId.IndexOf('-', start)];
    }

    private static string[] Split(string line) => [.. line.Split(',').Select(v => v.Trim())];
}
