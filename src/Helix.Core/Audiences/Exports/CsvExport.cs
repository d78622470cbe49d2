using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Helix.Core.Audiences.Exports;

/// <summary>
/// A segment as an RFC 4180 CSV file: a header of the field names as given, one line per exported person, CRLF
/// line ends, fields quoted only when they hold a comma, a quote or a line break; UTF-8, with a BOM unless the
/// spec turns it off. Masked columns go through <see cref="Privacy.Masking"/>; every cell is protected against
/// formula injection (see docs/exports.md).
/// </summary>
public static class CsvExport
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        // CsvHelper, once NewLine is set, quotes only fields holding that whole sequence: a bare \n or \r in a value
        // would then split the record. RFC 4180 quotes any field with a comma, a quote, CR or LF; surrounding white
        // space is quoted too so that no reader trims it.
        ShouldQuote = args => args.Field is { Length: > 0 } field
            && (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])),
        // Helix's own rule (CsvCell.Protect) keeps negative numbers numeric; CsvHelper's would quote them too.
        InjectionOptions = InjectionOptions.None,
    };

    /// <summary>
    /// Writes the header and every row the consent check allows (a refused row counts as <see cref="ExportSkipReason.NoConsent"/>).
    /// The stream is left open. Rows are written as they are read: if the input throws, the stream holds a prefix of the file.
    /// </summary>
    public static ExportSummary Write(IEnumerable<IExportRow> rows, CsvExportSpec spec, Stream output, ExportConsentCheck? mayExport = null)
    {
        var tally = new ExportTally(mayExport);
        using (var writer = new StreamWriter(output, new UTF8Encoding(spec.ByteOrderMark), leaveOpen: true))
        using (var csv = new CsvWriter(writer, Configuration))
        {
            foreach (var field in spec.Fields)
            {
                csv.WriteField(CsvCell.Protect(field.Text));
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                tally.In();
                if (!tally.Consents(row.PersonId))
                {
                    continue;
                }

                foreach (var field in spec.Fields)
                {
                    var value = field.Kind == ExportFieldKind.PersonId ? row.PersonId : row.TryGet(field.Text, out var found) ? found : null;
                    csv.WriteField(CsvCell.Write(value, spec.Masks.TryGetValue(field.Text, out var mask) ? mask : null));
                }

                csv.NextRecord();
                tally.Exported();
            }
        }

        return tally.Summary();
    }
}
