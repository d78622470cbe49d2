namespace Helix.Core.Commerce;

/// <summary>Reads a row's template columns through the column mapping: trimmed, an empty value is null.</summary>
internal readonly struct TableReader(OrderColumns columns, OrderTable table)
{
    public OrderTable Table => table;

    public string Header(string column) => columns.Header(table, column);

    public string? Get(ImportRow row, string column) =>
        row.Values.TryGetValue(columns.Header(table, column), out var value) && value.Trim() is { Length: > 0 } text ? text : null;

    public RowError Error(ImportRow row, string column, string reason) => new(table, row.Number, Header(column), reason);

    /// <summary>The row could not be read as a whole (see <see cref="ImportRow.Problem"/>).</summary>
    public RowError RowProblem(ImportRow row, string problem) => new(table, row.Number, "*", problem);
}
