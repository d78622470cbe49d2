using System.Globalization;

namespace Helix.Core.Commerce;

/// <summary>
/// The lines of one order as they are read, wherever they stand in the file, with the order-level
/// values (buyer, store, currency…) they agree on and every error found on the way.
/// </summary>
internal sealed class OrderDraft(string sourceOrderId)
{
    /// <summary>Columns that describe the order, not the line: every line that gives one must give the same value.</summary>
    public static readonly string[] OrderColumns =
        ["user_id", "member_id", "phone", "email", "currency", "status", "store_id", "guide_id", "channel", "country"];

    private readonly string?[] _values = new string?[OrderColumns.Length];
    private readonly long[] _valueRows = new long[OrderColumns.Length];

    public string SourceOrderId { get; } = sourceOrderId;

    public List<OrderLine> Lines { get; } = [];

    public List<long> Rows { get; } = [];

    public List<RowError> Errors { get; } = [];

    /// <summary>The earliest line time: an order whose lines straddle a minute was placed at its start.</summary>
    public DateTimeOffset At { get; private set; } = DateTimeOffset.MaxValue;

    public decimal? Discount { get; private set; }

    public long DiscountRow { get; private set; }

    public string? Value(string column) => _values[Array.IndexOf(OrderColumns, column)];

    public void Add(ImportRow row, TableReader reader, OrderTimes times)
    {
        Rows.Add(row.Number);
        if (row.Problem is { } problem)
        {
            Errors.Add(reader.RowProblem(row, problem));
            return;
        }

        var errorsBefore = Errors.Count;
        for (var i = 0; i < OrderColumns.Length; i++)
        {
            if (reader.Get(row, OrderColumns[i]) is not { } value)
            {
                continue;
            }

            if (_values[i] is null)
            {
                _values[i] = value;
                _valueRows[i] = row.Number;
            }
            else if (!string.Equals(_values[i], value, StringComparison.Ordinal))
            {
                Errors.Add(reader.Error(row, OrderColumns[i], $"is '{value}' but row {_valueRows[i]} of order {SourceOrderId} says '{_values[i]}'"));
            }
        }

        if (reader.Get(row, "discount") is { } discountText)
        {
            if (Number(row, reader, "discount", discountText) is { } discount)
            {
                if (discount < 0)
                {
                    Errors.Add(reader.Error(row, "discount", $"'{discountText}' is negative"));
                }
                else if (Discount is null)
                {
                    Discount = discount;
                    DiscountRow = row.Number;
                }
                else if (Discount != discount)
                {
                    Errors.Add(reader.Error(row, "discount", $"is {discountText} but row {DiscountRow} of order {SourceOrderId} says {Discount}"));
                }
            }
        }

        var line = ReadLine(row, reader, times);
        if (line is not null && Errors.Count == errorsBefore)
        {
            Lines.Add(line);
            if (line.At < At)
            {
                At = line.At;
            }
        }
    }

    private OrderLine? ReadLine(ImportRow row, TableReader reader, OrderTimes times)
    {
        DateTimeOffset? at = null;
        if (Required(row, reader, "ordered_at") is { } time)
        {
            at = times.Parse(time, out var timeError);
            if (at is null)
            {
                Errors.Add(reader.Error(row, "ordered_at", timeError!));
            }
        }

        var quantity = Required(row, reader, "quantity") is { } quantityText ? Number(row, reader, "quantity", quantityText) : null;
        if (quantity == 0)
        {
            Errors.Add(reader.Error(row, "quantity", "is 0: a line sells or returns at least something"));
        }

        var price = Required(row, reader, "unit_price") is { } priceText ? Number(row, reader, "unit_price", priceText) : null;
        if (price < 0)
        {
            Errors.Add(reader.Error(row, "unit_price", $"{price} is negative: a price is never below 0 (returns have a negative quantity)"));
        }

        var productId = reader.Get(row, "product_id");
        var sku = reader.Get(row, "sku");
        if (productId is null && sku is null)
        {
            Errors.Add(reader.Error(row, "product_id", "product_id or sku is required"));
        }

        return at is { } when && quantity is { } q && q != 0 && price is { } p && p >= 0 && (productId ?? sku) is not null
            ? new OrderLine(row.Number, when, q, p, productId, sku, reader.Get(row, "product_name"), reader.Get(row, "category"), reader.Get(row, "brand"))
            : null;
    }

    private string? Required(ImportRow row, TableReader reader, string column)
    {
        var value = reader.Get(row, column);
        if (value is null)
        {
            Errors.Add(reader.Error(row, column, "is required"));
        }

        return value;
    }

    private decimal? Number(ImportRow row, TableReader reader, string column, string text)
    {
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Errors.Add(reader.Error(row, column, $"'{text}' is not a number"));
        return null;
    }
}
