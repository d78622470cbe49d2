namespace Helix.Core.Commerce;

/// <summary>
/// The reference tables an order import looks lines up in: products by product id or SKU, stores and
/// guides by id. Each is optional; an empty table means "not given", so nothing counts as unknown.
/// </summary>
public sealed class OrderReferences
{
    private readonly Dictionary<string, Product> _productsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Product> _productsBySku = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Store> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guide> _guides = new(StringComparer.Ordinal);

    public static OrderReferences None { get; } = new();

    public bool HasProducts { get; private set; }

    /// <summary>
    /// Builds the tables. A row without its key, or with a key an earlier row already has, is left out
    /// and reported; the first row of a key wins.
    /// </summary>
    public static OrderReferences Build(
        OrderColumns columns,
        IEnumerable<ImportRow>? products,
        IEnumerable<ImportRow>? stores,
        IEnumerable<ImportRow>? guides,
        out IReadOnlyList<RowError> errors)
    {
        var references = new OrderReferences();
        var found = new List<RowError>();
        if (products is not null)
        {
            references.HasProducts = true;
            references.AddProducts(new TableReader(columns, OrderTable.Products), products, found);
        }

        var storeReader = new TableReader(columns, OrderTable.Stores);
        AddKeyed(storeReader, stores, "store_id", references._stores, found,
            (row, id) => new Store(id, storeReader.Get(row, "name"), storeReader.Get(row, "city")));
        var guideReader = new TableReader(columns, OrderTable.Guides);
        AddKeyed(guideReader, guides, "guide_id", references._guides, found,
            (row, id) => new Guide(id, guideReader.Get(row, "name"), guideReader.Get(row, "store_id")));
        errors = found;
        return references;
    }

    /// <summary>The product with the line's product id, else with its SKU.</summary>
    public Product? FindProduct(string? productId, string? sku) =>
        productId is not null && _productsById.TryGetValue(productId, out var byId) ? byId
        : sku is not null && _productsBySku.TryGetValue(sku, out var bySku) ? bySku
        : null;

    public Store? FindStore(string storeId) => _stores.GetValueOrDefault(storeId);

    public Guide? FindGuide(string guideId) => _guides.GetValueOrDefault(guideId);

    private void AddProducts(TableReader reader, IEnumerable<ImportRow> rows, List<RowError> errors)
    {
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Problem is { } problem)
            {
                errors.Add(reader.RowProblem(row, problem));
                continue;
            }

            var product = new Product(
                reader.Get(row, "product_id"), reader.Get(row, "sku"), reader.Get(row, "name"),
                reader.Get(row, "category"), reader.Get(row, "brand"), reader.Get(row, "price_band"));
            if (product.ProductId is null && product.Sku is null)
            {
                errors.Add(reader.Error(row, product.ProductId is null ? "product_id" : "sku", "product_id or sku is required"));
                continue;
            }

            var duplicate = Duplicate(firstRow, "product_id:" + product.ProductId, product.ProductId is not null)
                ?? Duplicate(firstRow, "sku:" + product.Sku, product.Sku is not null);
            if (duplicate is { } earlier)
            {
                errors.Add(reader.Error(row, product.ProductId is not null ? "product_id" : "sku", $"repeats the product of row {earlier}; the first is kept"));
                continue;
            }

            if (product.ProductId is { } id)
            {
                _productsById[id] = product;
                firstRow["product_id:" + id] = row.Number;
            }

            if (product.Sku is { } sku)
            {
                _productsBySku[sku] = product;
                firstRow["sku:" + sku] = row.Number;
            }
        }
    }

    private static long? Duplicate(Dictionary<string, long> firstRow, string key, bool present) =>
        present && firstRow.TryGetValue(key, out var row) ? row : null;

    private static void AddKeyed<T>(
        TableReader reader, IEnumerable<ImportRow>? rows, string key, Dictionary<string, T> into, List<RowError> errors, Func<ImportRow, string, T> create)
    {
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows ?? [])
        {
            var id = reader.Get(row, key);
            if (row.Problem is { } problem)
            {
                errors.Add(reader.RowProblem(row, problem));
                continue;
            }

            if (id is null || firstRow.ContainsKey(id))
            {
                errors.Add(reader.Error(row, key, id is null ? "is required" : $"repeats {key} '{id}' of row {firstRow[id]}; the first is kept"));
                continue;
            }

            firstRow[id] = row.Number;
            into[id] = create(row, id);
        }
    }
}
