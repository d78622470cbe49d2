namespace Helix.Core.Audiences.Exports;

/// <summary>
/// One person's values for an export, supplied by the caller (a profile store's reader, a test's dictionary):
/// the export asks only for the columns it writes, so a row can be read lazily.
/// </summary>
public interface IExportRow
{
    string PersonId { get; }

    /// <summary>The value of <paramref name="field"/> (an <see cref="ExportField.Text"/> such as <c>trait:phone</c>); false or null when the person has none.</summary>
    bool TryGet(string field, out string? value);
}
