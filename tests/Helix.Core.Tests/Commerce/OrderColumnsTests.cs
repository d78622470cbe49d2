using Helix.Core.Commerce;

namespace Helix.Core.Tests.Commerce;

public sealed class OrderColumnsTests
{
    private static readonly string[] OnlineRetail = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    [Fact]
    public void Mappings_RenameColumnsOfEachTable()
    {
        var columns = OrderColumns.Parse(["order_id=InvoiceNo", "products.category=Kategorie"], out var errors);

        Assert.Empty(errors);
        Assert.Equal("InvoiceNo", columns.Header(OrderTable.Lines, "order_id"));
        Assert.Equal("Kategorie", columns.Header(OrderTable.Products, "category"));
        Assert.Equal("category", columns.Header(OrderTable.Lines, "category"));
    }

    [Theory]
    [InlineData("order=InvoiceNo")]
    [InlineData("order_id")]
    [InlineData("stores.order_id=X")]
    public void BadMappings_AreErrors(string mapping)
    {
        OrderColumns.Parse([mapping], out var errors);

        Assert.Single(errors);
    }

    [Fact]
    public void OnlineRetailHeaders_MappedAsDocumented_AreComplete()
    {
        var columns = OrderColumns.Parse(
            ["order_id=InvoiceNo", "sku=StockCode", "product_name=Description", "quantity=Quantity", "ordered_at=InvoiceDate", "unit_price=UnitPrice", "user_id=CustomerID", "country=Country"],
            out _);

        Assert.Empty(columns.CheckHeaders(OrderTable.Lines, OnlineRetail));
        Assert.Equal(5, OrderColumns.Default.CheckHeaders(OrderTable.Lines, OnlineRetail).Count);
    }

    [Fact]
    public void MappedHeaderMissingFromTheFile_IsAnError()
    {
        var columns = OrderColumns.Parse(["order_id=InvoiceNo", "sku=StockCode", "quantity=Quantity", "ordered_at=InvoiceDate", "unit_price=UnitPrice", "phone=Telefon"], out _);

        Assert.Contains("'Telefon'", Assert.Single(columns.CheckHeaders(OrderTable.Lines, OnlineRetail)), StringComparison.Ordinal);
    }
}
