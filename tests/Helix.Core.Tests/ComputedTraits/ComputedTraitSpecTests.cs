using System.Text;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Tests.ComputedTraits;

/// <summary>The JSON form of a computed trait: errors name the field, and parse → write → parse round-trips.</summary>
public sealed class ComputedTraitSpecTests
{
    [Theory]
    [InlineData("""{"function": "count"}""", "computedTraits[2].name")]
    [InlineData("""{"name": "Orders", "function": "count"}""", "computedTraits[2].name")]
    [InlineData("""{"name": 5, "function": "count"}""", "computedTraits[2].name")]
    [InlineData("""{"name": "orders", "function": "median"}""", "computedTraits[2].function")]
    [InlineData("""{"name": "orders", "function": "count", "window": "90"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "orders", "function": "count", "window": "0d"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "orders", "function": "count", "window": "3651d"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "orders", "function": "count", "window": "8761h"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "orders", "function": "count", "window": "48h"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "orders", "function": "count", "window": "2w"}""", "computedTraits[2].window")]
    [InlineData("""{"name": "spend", "function": "sum", "event": "Order Completed"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "spend", "function": "sum", "of": "total"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "spend", "function": "sum", "of": "properties"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "spend", "function": "sum", "of": "properties..total"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "spend", "function": "sum", "of": "properties.a[0]"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "spend", "function": "sum", "of": "traits.total"}""", "computedTraits[2].of")]
    [InlineData("""{"name": "orders", "function": "count", "type": "alias"}""", "computedTraits[2].type")]
    [InlineData("""{"name": "orders", "function": "count", "event": []}""", "computedTraits[2].event")]
    [InlineData("""{"name": "orders", "function": "count", "type": "identify", "event": "Signed Up"}""", "computedTraits[2].event")]
    [InlineData("""{"name": "orders", "function": "count", "event": [1]}""", "computedTraits[2].event")]
    [InlineData("""{"name": "orders", "function": "count", "where": {}}""", "computedTraits[2].where")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "total", "op": "gte", "value": 1}, {"property": "total", "op": "like", "value": 1}]}""", "computedTraits[2].where[1].op")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"op": "eq", "value": 1}]}""", "computedTraits[2].where[0].property")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "items[]", "op": "exists"}]}""", "computedTraits[2].where[0].property")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "total", "op": "gte"}]}""", "computedTraits[2].where[0].value")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "total", "op": "in", "value": 5}]}""", "computedTraits[2].where[0].value")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "total", "op": "exists", "value": "yes"}]}""", "computedTraits[2].where[0].value")]
    [InlineData("""{"name": "orders", "function": "count", "where": [{"property": "total", "op": "eq", "value": 1, "unit": "usd"}]}""", "computedTraits[2].where[0].unit")]
    [InlineData("""{"name": "orders", "function": "count", "events": "Order Completed"}""", "computedTraits[2].events")]
    [InlineData("""{"name": "net", "function": "avg", "of": "properties.total", "subtract": {"event": "Order Refunded"}}""", "computedTraits[2].subtract")]
    [InlineData("""{"name": "net", "function": "sum", "of": "properties.total", "subtract": "Order Refunded"}""", "computedTraits[2].subtract")]
    [InlineData("""{"name": "net", "function": "sum", "of": "properties.total", "subtract": {}}""", "computedTraits[2].subtract.event")]
    [InlineData("""{"name": "net", "function": "sum", "of": "properties.total", "subtract": {"event": "Order Refunded", "of": "properties.x"}}""", "computedTraits[2].subtract.of")]
    public void InvalidDefinition_NamesTheField(string json, string field)
    {
        using var document = JsonDocument.Parse(json);

        var (definition, errors) = ComputedTraitSpec.Parse(document.RootElement, "computedTraits[2]");

        Assert.Null(definition);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void NonObject_IsRejectedAtTheField()
    {
        using var document = JsonDocument.Parse("[]");

        var (_, errors) = ComputedTraitSpec.Parse(document.RootElement, "computedTraits[0]");

        Assert.Equal("computedTraits[0]", Assert.Single(errors).Field);
    }

    [Fact]
    public void Example_ParsesIntoTheDefinition()
    {
        var definition = TraitEvents.Definition("""
            {"name": "spend_365d", "function": "sum", "event": ["Order Completed", "Order Updated"], "of": "properties.total",
             "window": "365d", "where": [{"property": "currency", "op": "in", "value": ["CNY", "USD"]}], "description": "Spend in a year"}
            """);

        Assert.Equal("spend_365d", definition.Name);
        Assert.Equal(AggregateFunction.Sum, definition.Function);
        Assert.Equal(MessageType.Track, definition.Filter.Type);
        Assert.Equal(["Order Completed", "Order Updated"], definition.Filter.Events);
        Assert.Equal(Helix.Core.Tags.ConditionOp.In, Assert.Single(definition.Filter.Where).Op);
        Assert.Equal(ValuePath.Parse("properties.total"), definition.Of);
        Assert.Equal(TimeSpan.FromDays(365), definition.Window);
        Assert.Equal("Spend in a year", definition.Description);
    }

    [Theory]
    [InlineData("""{"name":"orders_90d","function":"count","event":"Order Completed","window":"90d","description":"Orders in the last 90 days"}""")]
    [InlineData("""{"name":"spend_365d","function":"sum","event":"Order Completed","of":"properties.total","window":"365d"}""")]
    [InlineData("""{"name":"favourite_category","function":"mostFrequent","event":["Order Completed","Order Updated"],"of":"properties.products[].category"}""")]
    [InlineData("""{"name":"preferred_channel","function":"mostFrequent","type":"any","of":"source"}""")]
    [InlineData("""{"name":"big_orders","function":"count","event":"Order Completed","where":[{"property":"total","op":"gte","value":500},{"property":"coupon","op":"exists","value":false}]}""")]
    [InlineData("""{"name":"views_12h","function":"distinctCount","type":"page","of":"context.page.path","window":"12h"}""")]
    [InlineData("""{"name":"active_hour","function":"mostFrequent","type":"screen","of":"hour"}""")]
    [InlineData("""{"name":"last_seen","function":"last","type":"identify"}""")]
    [InlineData("""{"name":"net_spend","function":"sum","event":"Order Completed","subtract":{"event":["Order Refunded","Return Completed"],"where":[{"property":"status","op":"eq","value":"done"}]},"of":"properties.total"}""")]
    public void ParseWriteParse_RoundTrips(string json)
    {
        var definition = TraitEvents.Definition(json);

        var written = Write(definition);

        Assert.Equal(json, written);
        Assert.Equal(definition, TraitEvents.Definition(written));
    }

    private static string Write(ComputedTraitDefinition definition)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ComputedTraitSpec.Write(writer, definition);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
