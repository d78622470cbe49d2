using Helix.Core.Commerce;

namespace Helix.Core.Tests.Commerce;

/// <summary>Builds order line rows in Helix's template columns, numbered from row 2 as a file's would be.</summary>
internal static class OrderRows
{
    public static readonly OrderImportOptions Options = new() { IdScope = "src_test" };

    public static ImportRow Line(
        long row, string? orderId, string quantity = "1", string unitPrice = "10", string? sku = "SKU1", string? userId = "u1",
        string orderedAt = "2024-06-18 20:15:00", params (string Column, string Value)[] more)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["order_id"] = orderId ?? "",
            ["quantity"] = quantity,
            ["unit_price"] = unitPrice,
            ["sku"] = sku ?? "",
            ["user_id"] = userId ?? "",
            ["ordered_at"] = orderedAt,
        };
        foreach (var (column, value) in more)
        {
            values[column] = value;
        }

        return new ImportRow(row, values);
    }

    public static ImportRow Row(long row, params (string Column, string Value)[] values) =>
        new(row, values.ToDictionary(v => v.Column, v => v.Value, StringComparer.Ordinal));

    public static OrderConversion Convert(OrderImportOptions options, params ImportRow[] rows) =>
        OrderConverter.Convert(rows, OrderReferences.None, options);

    public static OrderConversion Convert(params ImportRow[] rows) => Convert(Options, rows);

    public static decimal Property(ConvertedOrder order, string name) => order.Message["properties"]![name]!.GetValue<decimal>();

    public static string? Text(ConvertedOrder order, string path)
    {
        System.Text.Json.Nodes.JsonNode? node = order.Message;
        foreach (var part in path.Split('.'))
        {
            node = int.TryParse(part, out var index) ? node?[index] : node?[part];
        }

        return node?.ToString();
    }
}
