namespace Helix.Core.Commerce;

/// <summary>
/// Which header of each file holds each template column. By default a column is read from the header
/// of its own name (<c>order_id</c>, <c>unit_price</c>…); <c>name=Header</c> maps a lines column and
/// <c>products.name=Header</c> (or <c>stores.</c>, <c>guides.</c>) a reference table's column.
/// </summary>
public sealed class OrderColumns
{
    /// <summary>The template columns of each table (docs/commerce.md describes them).</summary>
    public static readonly IReadOnlyDictionary<OrderTable, IReadOnlyList<string>> Template = new Dictionary<OrderTable, IReadOnlyList<string>>
    {
        [OrderTable.Lines] =
        [
            "order_id", "ordered_at", "quantity", "unit_price", "product_id", "sku", "product_name", "category", "brand",
            "user_id", "member_id", "phone", "email", "discount", "currency", "status", "store_id", "guide_id", "channel", "country",
        ],
        [OrderTable.Products] = ["product_id", "sku", "name", "category", "brand", "price_band"],
        [OrderTable.Stores] = ["store_id", "name", "city"],
        [OrderTable.Guides] = ["guide_id", "name", "store_id"],
    };

    private static readonly Dictionary<OrderTable, string[]> Required = new()
    {
        [OrderTable.Lines] = ["order_id", "ordered_at", "quantity", "unit_price"],
        [OrderTable.Products] = [],
        [OrderTable.Stores] = ["store_id"],
        [OrderTable.Guides] = ["guide_id"],
    };

    private readonly Dictionary<(OrderTable, string), string> _mapped;

    private OrderColumns(Dictionary<(OrderTable, string), string> mapped) => _mapped = mapped;

    public static OrderColumns Default { get; } = new([]);

    /// <summary>Reads <c>name=Header</c> mappings; every mapping that names no template column is an error.</summary>
    public static OrderColumns Parse(IEnumerable<string> mappings, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var mapped = new Dictionary<(OrderTable, string), string>();
        foreach (var mapping in mappings)
        {
            var equals = mapping.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? mapping[..equals].Trim() : "";
            var header = equals > 0 ? mapping[(equals + 1)..].Trim() : "";
            if (name.Length == 0 || header.Length == 0)
            {
                found.Add($"'{mapping}' is not name=Header (e.g. order_id=InvoiceNo)");
                continue;
            }

            var (table, column) = Split(name);
            if (!Template[table].Contains(column, StringComparer.Ordinal))
            {
                found.Add($"'{name}' is not a column of the {TableName(table)} template: {string.Join(", ", Template[table])}");
                continue;
            }

            if (!mapped.TryAdd((table, column), header))
            {
                found.Add($"'{name}' is mapped twice");
            }
        }

        errors = found;
        return new OrderColumns(mapped);
    }

    /// <summary>The header that holds <paramref name="column"/> in <paramref name="table"/>'s file.</summary>
    public string Header(OrderTable table, string column) => _mapped.GetValueOrDefault((table, column), column);

    /// <summary>
    /// What is wrong with a file's headers: a required column is missing, neither <c>product_id</c> nor
    /// <c>sku</c> is there, or an explicitly mapped header is not in the file (a typo must not silently drop a column).
    /// </summary>
    public IReadOnlyList<string> CheckHeaders(OrderTable table, IReadOnlyCollection<string> headers)
    {
        var errors = new List<string>();
        bool Has(string column) => headers.Contains(Header(table, column), StringComparer.Ordinal);
        foreach (var column in Required[table].Where(c => !Has(c)))
        {
            errors.Add($"the {TableName(table)} file has no column '{Header(table, column)}' for {column}");
        }

        if (table is OrderTable.Lines or OrderTable.Products && !Has("product_id") && !Has("sku"))
        {
            errors.Add($"the {TableName(table)} file has neither '{Header(table, "product_id")}' (product_id) nor '{Header(table, "sku")}' (sku)");
        }

        foreach (var ((mappedTable, column), header) in _mapped)
        {
            if (mappedTable == table && !Required[table].Contains(column, StringComparer.Ordinal) && !Has(column))
            {
                errors.Add($"the {TableName(table)} file has no column '{header}' (mapped to {column})");
            }
        }

        return errors;
    }

    public static string TableName(OrderTable table) => WireNames.Of(table);

    private static (OrderTable Table, string Column) Split(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && WireNames.TryParse<OrderTable>(name[..dot], out var table) && table != OrderTable.Lines)
        {
            return (table, name[(dot + 1)..]);
        }

        return (OrderTable.Lines, name);
    }
}
