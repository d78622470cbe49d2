using Helix.Core.Collect;
using static Helix.Core.Tests.ComputedTraits.TraitEvents;

namespace Helix.Core.Tests.ComputedTraits;

/// <summary>Which events a trait counts: type, names and every where operator.</summary>
public sealed class EventFilterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, China);

    private const string Order = """{"total": "120", "currency": "CNY", "address": {"city": "Shanghai"}, "coupon": null}""";

    [Theory]
    [InlineData("""{"property": "total", "op": "eq", "value": 120}""", true)]
    [InlineData("""{"property": "total", "op": "eq", "value": "120"}""", true)]
    [InlineData("""{"property": "total", "op": "ne", "value": 120}""", false)]
    [InlineData("""{"property": "total", "op": "gt", "value": 119.5}""", true)]
    [InlineData("""{"property": "total", "op": "gte", "value": 120}""", true)]
    [InlineData("""{"property": "total", "op": "lt", "value": 120}""", false)]
    [InlineData("""{"property": "total", "op": "lte", "value": 120}""", true)]
    [InlineData("""{"property": "currency", "op": "in", "value": ["USD", "CNY"]}""", true)]
    [InlineData("""{"property": "currency", "op": "in", "value": ["USD"]}""", false)]
    [InlineData("""{"property": "currency", "op": "lt", "value": "D"}""", true)]
    [InlineData("""{"property": "currency", "op": "gt", "value": 5}""", false)]
    [InlineData("""{"property": "address.city", "op": "eq", "value": "Shanghai"}""", true)]
    [InlineData("""{"property": "address.city", "op": "exists"}""", true)]
    [InlineData("""{"property": "coupon", "op": "exists"}""", false)]
    [InlineData("""{"property": "coupon", "op": "exists", "value": false}""", true)]
    [InlineData("""{"property": "missing", "op": "ne", "value": 1}""", false)]
    [InlineData("""{"property": "missing", "op": "lt", "value": 1}""", false)]
    public void Where_AppliesTheOperator(string condition, bool matches)
    {
        var definition = Definition($$"""{"name": "t", "function": "count", "event": "Order Completed", "where": [{{condition}}]}""");

        Assert.Equal(matches, definition.Filter.Matches(Message("Order Completed", At, Order)));
    }

    [Theory]
    [InlineData(""" "event": "Order Completed" """, "Order Completed", MessageType.Track, true)]
    [InlineData(""" "event": "Order Completed" """, "Order Refunded", MessageType.Track, false)]
    [InlineData(""" "event": "Order Completed" """, "Order Completed", MessageType.Page, false)]
    [InlineData(""" "event": ["A", "Order Completed"] """, "Order Completed", MessageType.Track, true)]
    [InlineData(""" "type": "page" """, "Home", MessageType.Page, true)]
    [InlineData(""" "type": "any" """, null, MessageType.Identify, true)]
    [InlineData(""" "type": "identify" """, null, MessageType.Identify, true)]
    [InlineData(""" "type": "screen" """, "Home", MessageType.Page, false)]
    public void TypeAndNames_SelectTheEvents(string filter, string? name, MessageType type, bool matches)
    {
        var definition = Definition($$"""{"name": "t", "function": "count", {{filter}}}""");

        Assert.Equal(matches, definition.Filter.Matches(Message(name, At, type: type)));
    }
}
