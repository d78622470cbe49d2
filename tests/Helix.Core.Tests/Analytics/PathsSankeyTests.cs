using System.Text.Json;
using Helix.Core.Analytics;

namespace Helix.Core.Tests.Analytics;

public sealed class PathsSankeyTests
{
    /// <summary>
    /// Hand-checked: 10 persons from "Product Viewed". Step 1 keeps the two most common names (Added 5, Viewed 3) and
    /// folds Search (1) into (other); one person stopped at once. Step 2: of the 5 who added, 4 bought, 1 ended.
    /// </summary>
    [Fact]
    public void Build_KeepsTheTopNamesPerStep_FoldsTheRest_AndEndsShortPaths()
    {
        RawPath[] paths =
        [
            new("Product Viewed", ["Product Added", "Order Completed"], 4),
            new("Product Viewed", ["Product Added"], 1),
            new("Product Viewed", ["Product Viewed", "Product Viewed"], 3),
            new("Product Viewed", ["Search"], 1),
            new("Product Viewed", [], 1),
        ];

        var result = PathsSankey.Build(paths, steps: 2, limit: 2);

        Assert.Equal(10, result.Persons);
        Assert.Equal(
            ["0 Product Viewed 10", "1 Product Added 5", "1 Product Viewed 3", "1 (end) 1", "1 (other) 1", "2 Order Completed 4", "2 Product Viewed 3", "2 (end) 2"],
            result.Nodes.Select(n => $"{n.Step} {n.Name} {n.Persons}"));
        Assert.Equal(
            ["1 Product Viewed>Product Added 5", "1 Product Viewed>Product Viewed 3", "1 Product Viewed>(end) 1", "1 Product Viewed>(other) 1",
             "2 Product Added>Order Completed 4", "2 Product Viewed>Product Viewed 3", "2 (other)>(end) 1", "2 Product Added>(end) 1"],
            result.Links.Select(l => $"{l.Step} {l.From}>{l.To} {l.Persons}"));
    }

    [Fact]
    public void Build_EveryStepAccountsForEveryPersonStillOnAPath()
    {
        var random = new Random(7);
        string[] names = ["A", "B", "C", "D", "E"];
        var paths = Enumerable.Range(0, 200)
            .Select(_ => new RawPath(names[random.Next(2)], [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => names[random.Next(names.Length)])], random.Next(1, 4)))
            .ToList();

        var result = PathsSankey.Build(paths, steps: 4, limit: 2);

        for (var step = 1; step <= 4; step++)
        {
            var arriving = result.Nodes.Where(n => n.Step == step - 1 && n.Name != PathsResult.End).Sum(n => n.Persons);
            Assert.Equal(arriving, result.Nodes.Where(n => n.Step == step).Sum(n => n.Persons));
            Assert.Equal(arriving, result.Links.Where(l => l.Step == step).Sum(l => l.Persons));
            Assert.True(result.Nodes.Count(n => n.Step == step && n.Name is not (PathsResult.End or PathsResult.Other)) <= 2);
        }
    }

    [Theory]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02"}""", "anchor")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "steps": 9}""", "steps")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "direction": "sideways"}""", "direction")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "maxGap": "8d"}""", "maxGap")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "limit": 0}""", "limit")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "breakdown": {"property": "x"}}""", "breakdown")]
    public void Parse_NamesTheBadField(string json, string field)
    {
        var (query, errors) = AnalyticsSpec.ParsePaths(JsonElement.Parse(json));

        Assert.Null(query);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Parse_TakesTheDefaults()
    {
        var (query, errors) = AnalyticsSpec.ParsePaths(JsonElement.Parse("""{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "A"}, "direction": "previous"}"""));

        Assert.Empty(errors);
        Assert.Equal((PathDirection.Previous, 4, 8, TimeSpan.FromMinutes(30)), (query!.Direction, query.Steps, query.Limit, query.MaxGap));
    }
}
