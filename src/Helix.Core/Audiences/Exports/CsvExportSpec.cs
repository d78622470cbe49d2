using Helix.Core.Collect;

namespace Helix.Core.Audiences.Exports;

/// <summary>The columns of a CSV export, which of them are masked, and whether the file starts with a UTF-8 byte-order mark.</summary>
public sealed record CsvExportSpec
{
    private CsvExportSpec(IReadOnlyList<ExportField> fields, IReadOnlyDictionary<string, ExportMask> masks, bool byteOrderMark)
    {
        Fields = fields;
        Masks = masks;
        ByteOrderMark = byteOrderMark;
    }

    public IReadOnlyList<ExportField> Fields { get; }

    /// <summary>The masked columns by <see cref="ExportField.Text"/>, each with the mask its name chooses (<see cref="ExportField.Mask"/>).</summary>
    public IReadOnlyDictionary<string, ExportMask> Masks { get; }

    /// <summary>
    /// On by default: Excel, which most users in China open CSV files with, reads a file without a BOM in the
    /// system code page (GBK) and shows Chinese text as mojibake. Tools that choke on a BOM can turn it off.
    /// </summary>
    public bool ByteOrderMark { get; }

    /// <summary>
    /// Validates the column names (errors at <c>fields[i]</c>: unknown prefix, empty name, listed twice) and the masked
    /// names (errors at <c>mask[i]</c>: not one of the columns).
    /// </summary>
    public static (CsvExportSpec? Spec, IReadOnlyList<FieldError> Errors) Parse(IReadOnlyList<string> fields, IReadOnlyList<string>? mask = null, bool byteOrderMark = true)
    {
        var errors = new List<FieldError>();
        var parsed = new List<ExportField>();
        if (fields.Count == 0)
        {
            errors.Add(new FieldError("fields", "lists at least one field, such as person_id"));
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var field = ExportField.Parse(fields[i], out var reason);
            if (field is null)
            {
                errors.Add(new FieldError($"fields[{i}]", reason!));
            }
            else if (parsed.Contains(field))
            {
                errors.Add(new FieldError($"fields[{i}]", "is listed twice"));
            }
            else
            {
                parsed.Add(field);
            }
        }

        var masks = new Dictionary<string, ExportMask>(StringComparer.Ordinal);
        var masked = mask ?? [];
        for (var i = 0; i < masked.Count; i++)
        {
            var field = parsed.FirstOrDefault(f => f.Text == masked[i]);
            if (field is null)
            {
                errors.Add(new FieldError($"mask[{i}]", "is not one of the exported fields"));
            }
            else
            {
                masks[field.Text] = field.Mask;
            }
        }

        return errors.Count > 0 ? (null, errors) : (new CsvExportSpec(parsed, masks, byteOrderMark), []);
    }
}
