using System.Globalization;
using System.Text;
using CsvHelper;
using FsCheck.Xunit;
using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

/// <summary>
/// Random text built from the pieces that matter — formula triggers, CSV delimiters, digits, full-width forms,
/// Chinese, surrogates — through the normaliser and the CSV writer.
/// </summary>
public sealed class ExportPropertyTests
{
    private static readonly string[] Pieces =
    [
        "0", "1", "3", "8", "6", "9", "a", "F", "x", "=", "+", "-", "@", "\t", "\r", "\n", ",", "\"", "'", ".", " ", "e",
        "１", "＋", "＝", "＠", "张", "😀", "\uD800", "\uDC00", "\uFFFF", "(", ")", "00", "86", "138", "0013", "8000",
    ];

    [Property(MaxTest = 500)]
    public bool E164Normalisation_IsIdempotent(int seed)
    {
        var value = RandomText(new Random(seed));

        return Enum.GetValues<SeedIdentifierType>().All(type =>
        {
            var once = SeedNormalizer.Normalize(value, type, PhoneStyle.E164);
            return once.Value is null
                ? once.Skipped is not null
                : SeedNormalizer.Normalize(once.Value, type, PhoneStyle.E164) == once;
        });
    }

    [Property(MaxTest = 300)]
    public bool CsvCells_ReadBack_AsWrittenOrQuoted_AndNeverStartAFormula(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 5).Select(_ => RandomText(random)).ToArray();
        // What UTF-8 can carry: a lone surrogate is written as U+FFFD.
        var expected = values.Select(v => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(v))).ToArray();
        var (spec, _) = CsvExportSpec.Parse(["person_id", "trait:note"], byteOrderMark: false);
        using var stream = new MemoryStream();
        CsvExport.Write(values.Select((v, i) => new Row($"p{i}", v)), spec!, stream);

        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(stream.ToArray())), CultureInfo.InvariantCulture);
        var read = reader.GetRecords<dynamic>().Select(r => (string)((IDictionary<string, object>)r)["trait:note"]).ToArray();

        return read.Length == values.Length
            && read.Zip(expected).All(p => p.First == p.Second || p.First == "'" + p.Second)
            && read.All(cell => cell.Length == 0 || cell[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r') || CsvCell.Protect(cell) == cell);
    }

    private static string RandomText(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 14)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private sealed record Row(string PersonId, string Note) : IExportRow
    {
        public bool TryGet(string field, out string? value)
        {
            value = Note;
            return true;
        }
    }
}
