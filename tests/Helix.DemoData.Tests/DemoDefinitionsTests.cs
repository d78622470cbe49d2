using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.DemoData.Tests;

public sealed class DemoDefinitionsTests
{
    // Large enough that rare but real values (the stores' shared phone, a refund) occur in the sample.
    private static readonly Lazy<List<JsonObject>> Sample = new(() =>
        [.. DemoBrand.Generate(new DemoOptions { Customers = 2_000, MalformedRate = 0 }).Select(m => m.Message)]);

    private static readonly Lazy<JsonElement> Document = new(() =>
    {
        var (json, error) = YamlJson.Convert(DemoDefinitions.ProfileDefinitionsYaml);
        Assert.Null(error);
        return JsonElement.Parse(json);
    });

    private static ProfileDefinitions Parsed()
    {
        var (definitions, errors) = ProfileDefinitions.Parse(Document.Value, 1);
        Assert.Empty(errors);
        return definitions!;
    }

    [Fact]
    public void DemoDefinitions_ParseWithoutErrors_AndAreARealisticSet()
    {
        var definitions = Parsed();

        Assert.True(definitions.Catalog.Tags.Count >= 60, $"{definitions.Catalog.Tags.Count} tags");
        Assert.True(definitions.Catalog.Categories.Count >= 8, $"{definitions.Catalog.Categories.Count} categories");
        Assert.InRange(definitions.ComputedTraits.Count, 20, 40);
        Assert.All(definitions.Catalog.Categories, c => Assert.Contains(definitions.Catalog.Tags, t => t.Category == c.Name));
        Assert.Equal([TagKind.List, TagKind.Rule, TagKind.Value, TagKind.Model], definitions.Catalog.Tags.Select(t => t.Kind).Distinct().Order());
    }

    [Fact]
    public void EveryComputedTrait_MatchesEventsOfTheDemo()
    {
        var definitions = Parsed();
        var names = Sample.Value.Select(m => m["event"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var messages = Sample.Value.Select(Collected).OfType<CollectedMessage>().ToList();

        // A renamed demo event (or a where property the demo no longer sends) leaves a trait that never counts anything.
        Assert.All(definitions.ComputedTraits.SelectMany(t => t.Filter.Events), e => Assert.Contains(e, names));
        Assert.All(definitions.ComputedTraits, t => Assert.True(messages.Any(t.Filter.Matches), $"{t.Name} matches no demo message"));
    }

    [Fact]
    public void EveryTextARuleComparesWith_OccursInTheDemo()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in Sample.Value)
        {
            CollectTexts(message, texts);
        }

        var compared = new List<string>();
        CollectCompared(Document.Value, compared);

        // Renaming a category, a tier or a shop in the generator would otherwise leave a tag nobody can get.
        Assert.NotEmpty(compared);
        Assert.All(compared, text => Assert.Contains(text, texts));
    }

    private static CollectedMessage? Collected(JsonObject message)
    {
        var envelope = new CollectEnvelope(new WorkspaceId("demo"), new SourceId("demo"), DateTimeOffset.UnixEpoch);
        return MessageParser.Parse(JsonElement.Parse(message.ToJsonString()), "", null, envelope, () => "generated").Message;
    }

    private static void CollectTexts(JsonNode? node, HashSet<string> texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    CollectTexts(child, texts);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CollectTexts(child, texts);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                texts.Add(text);
                break;
        }
    }

    /// <summary>The texts that trait, computed-trait and where tests compare with; zodiac keys are derived by Helix, not sent.</summary>
    private static void CollectCompared(JsonElement element, List<string> compared)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectCompared(item, compared);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var isFactTest = element.TryGetProperty("computed", out _) || element.TryGetProperty("property", out _)
            || (element.TryGetProperty("trait", out var trait) && trait.GetString() != "zodiac");
        if (isFactTest && element.TryGetProperty("value", out var value))
        {
            var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
            compared.AddRange(values.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
        }

        foreach (var property in element.EnumerateObject())
        {
            CollectCompared(property.Value, compared);
        }
    }
}
