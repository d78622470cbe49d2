using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Models;
using Helix.Core.Tags;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// A workspace's live profile definitions: its computed traits, its tag catalog and its saved segments, as one
/// versioned document, <c>{"computedTraits": […], "categories": […], "tags": […], "segments": […]}</c>. A tag or
/// segment condition may read only computed traits and tags defined here, so neither can be removed from under
/// a condition that uses it.
/// </summary>
public sealed record ProfileDefinitions(int Version, IReadOnlyList<ComputedTraitDefinition> ComputedTraits, TagCatalog Catalog)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ProfileDefinitions Empty { get; } = new(0, [], new TagCatalog([], []));

    /// <summary>Tag changes through the tags API wait for a second person's approval before they go live (<c>settings.requireApproval</c>).</summary>
    public bool RequireApproval { get; init; }

    /// <summary>How model tags are computed and when they refresh (<c>settings.models</c>).</summary>
    public ModelSettings Models { get; init; } = ModelSettings.Default;

    /// <summary>Saved segments, in document order.</summary>
    public IReadOnlyList<SegmentDefinition> Segments { get; init; } = [];

    /// <summary>How the real-time segments are evaluated (checked when the document is parsed).</summary>
    public SegmentPlan Plan { get; init; } = SegmentPlan.Empty;

    /// <summary>Every computed trait the facts fold keeps: the defined ones and the hidden ones of real-time segments.</summary>
    public IReadOnlyList<ComputedTraitDefinition> FoldedTraits => _folded ??= Plan.Traits.Count == 0 ? ComputedTraits : [.. ComputedTraits, .. Plan.Traits];

    // Read on every event; built once. Only Parse sets Plan, so a copy made with `with` keeps a valid cache.
    private IReadOnlyList<ComputedTraitDefinition>? _folded;

    /// <summary>A defined or hidden computed trait by name.</summary>
    public ComputedTraitDefinition? ComputedTrait(string name) =>
        ComputedTraits.FirstOrDefault(c => c.Name == name) ?? Plan.Traits.FirstOrDefault(c => c.Name == name);

    public SegmentDefinition? Segment(string name) => Segments.FirstOrDefault(s => s.Name == name);

    /// <summary>The segments whose conditions read a fact, tag or segment (usage tracking: what cannot be deleted from under them).</summary>
    public IEnumerable<string> SegmentsReading(Func<Condition, bool> reads) =>
        Segments.Where(s => s.Reads.Any(reads)).Select(s => s.Name);

    public TagDefinition? Tag(string name) => Catalog.Tags.FirstOrDefault(t => t.Name == name);

    /// <summary>Each computed trait's value at <paramref name="now"/> from a person's stored states; null where the person has none.</summary>
    public IReadOnlyDictionary<string, JsonElement?> ComputedValues(PersonFactsSnapshot? facts, DateTimeOffset now) =>
        ComputedTraits.ToDictionary(
            definition => definition.Name,
            definition => (facts?.Computed.TryGetValue(definition.Name, out var json) == true
                ? ComputedTraitState.ReadFrom(JsonElement.Parse(json))
                : new ComputedTraitState()).Value(definition, now),
            StringComparer.Ordinal);

    /// <summary>Parses and cross-checks a whole document; every error names its field (<c>computedTraits[2].window</c>, <c>tags[4].when</c>).</summary>
    public static (ProfileDefinitions? Definitions, IReadOnlyList<FieldError> Errors) Parse(JsonElement root, int version)
    {
        var errors = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("$", "must be an object with computedTraits, categories and tags")]);
        }

        var computed = new List<ComputedTraitDefinition>();
        if (root.TryGetProperty("computedTraits", out var traits))
        {
            if (traits.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new FieldError("computedTraits", "must be an array of computed trait definitions"));
            }
            else
            {
                var i = 0;
                foreach (var element in traits.EnumerateArray())
                {
                    var field = $"computedTraits[{i++}]";
                    var (definition, traitErrors) = ComputedTraitSpec.Parse(element, field);
                    errors.AddRange(traitErrors);
                    if (definition is null)
                    {
                        continue;
                    }

                    if (computed.Any(c => c.Name == definition.Name))
                    {
                        errors.Add(new FieldError($"{field}.name", $"'{definition.Name}' is defined twice"));
                    }

                    computed.Add(definition);
                }
            }
        }

        var requireApproval = false;
        var models = ModelSettings.Default;
        if (root.TryGetProperty("settings", out var settings))
        {
            if (settings.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("settings", "must be an object with requireApproval and models"));
            }
            else
            {
                if (settings.TryGetProperty("requireApproval", out var approval))
                {
                    if (approval.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        requireApproval = approval.GetBoolean();
                    }
                    else
                    {
                        errors.Add(new FieldError("settings.requireApproval", "must be true or false"));
                    }
                }

                if (settings.TryGetProperty("models", out var modelSettings))
                {
                    var (parsed, modelErrors) = ModelSettings.Parse(modelSettings, "settings.models");
                    errors.AddRange(modelErrors);
                    models = parsed ?? models;
                }
            }
        }

        var (catalog, catalogErrors) = TagSpec.ParseCatalog(CatalogPart(root));
        errors.AddRange(catalogErrors);
        if (catalog is not null)
        {
            for (var i = 0; i < catalog.Tags.Count; i++)
            {
                foreach (var name in TagSpec.DependenciesOf(catalog.Tags[i]).Computed)
                {
                    if (computed.All(c => c.Name != name))
                    {
                        errors.Add(new FieldError($"tags[{IndexOf(root, catalog.Tags[i].Name)}]", $"reads computed trait '{name}', which is not defined in computedTraits"));
                    }
                }
            }
        }

        var (segments, plan) = ParseSegments(root, computed, catalog, errors);
        return errors.Count > 0 || catalog is null || plan is null
            ? (null, errors)
            : (new ProfileDefinitions(version, computed, catalog) { RequireApproval = requireApproval, Models = models, Segments = segments, Plan = plan }, []);
    }

    /// <summary>The segments array, each condition checked against the computed traits and tags defined beside it.</summary>
    private static (List<SegmentDefinition> Segments, SegmentPlan? Plan) ParseSegments(
        JsonElement root, List<ComputedTraitDefinition> computed, TagCatalog? catalog, List<FieldError> errors)
    {
        var segments = new List<SegmentDefinition>();
        if (!root.TryGetProperty("segments", out var array))
        {
            return (segments, SegmentPlan.Empty);
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError("segments", "must be an array of segment definitions"));
            return (segments, null);
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var field = $"segments[{i++}]";
            var (segment, segmentErrors) = SegmentSpec.Parse(element, field);
            errors.AddRange(segmentErrors);
            if (segment is null)
            {
                continue;
            }

            if (segment.When is { } when)
            {
                errors.AddRange(UndefinedReads(when, $"{field}.when", computed, catalog ?? new TagCatalog([], []), null));
            }

            segments.Add(segment);
        }

        if (errors.Count > 0)
        {
            return (segments, null);
        }

        var (plan, planErrors) = SegmentPlan.Build(segments);
        errors.AddRange(planErrors);
        return (segments, plan);
    }

    /// <summary>An error for each computed trait, tag and segment <paramref name="condition"/> reads that these definitions do not define.</summary>
    public IReadOnlyList<FieldError> UndefinedReads(Condition condition, string field) =>
        [.. UndefinedReads(condition, field, ComputedTraits, Catalog, Segments)];

    private static IEnumerable<FieldError> UndefinedReads(
        Condition condition, string field, IReadOnlyList<ComputedTraitDefinition> computed, TagCatalog catalog, IReadOnlyList<SegmentDefinition>? segments)
    {
        foreach (var leaf in AudienceConditions.Leaves(condition))
        {
            if (leaf is FactCondition { Fact.Source: FactSource.Computed } fact && computed.All(c => c.Name != fact.Fact.Name))
            {
                yield return new FieldError(field, $"reads computed trait '{fact.Fact.Name}', which is not defined in computedTraits");
            }
            else if (leaf is TagReferenceCondition tag && catalog.Tags.All(t => t.Name != tag.Tag))
            {
                yield return new FieldError(field, $"reads tag '{tag.Tag}', which is not defined in tags");
            }
            else if (leaf is SegmentReferenceCondition reference && segments is not null && segments.All(s => s.Name != reference.Segment))
            {
                yield return new FieldError(field, $"references segment '{reference.Segment}', which is not defined");
            }
        }
    }

    /// <summary>These definitions with one tag added or replaced (null: removed), validated as a whole document.</summary>
    public (ProfileDefinitions? Definitions, IReadOnlyList<FieldError> Errors) WithTag(string name, JsonElement? tag) =>
        Edit("tags", name, tag);

    /// <summary>These definitions with one computed trait added or replaced (null: removed), validated as a whole document.</summary>
    public (ProfileDefinitions? Definitions, IReadOnlyList<FieldError> Errors) WithComputedTrait(string name, JsonElement? trait) =>
        Edit("computedTraits", name, trait);

    /// <summary>These definitions with one segment added or replaced (null: removed), validated as a whole document.</summary>
    public (ProfileDefinitions? Definitions, IReadOnlyList<FieldError> Errors) WithSegment(string name, JsonElement? segment) =>
        Edit("segments", name, segment);

    /// <summary>These definitions with a category added or replaced, validated as a whole document.</summary>
    public (ProfileDefinitions? Definitions, IReadOnlyList<FieldError> Errors) WithCategory(string name, JsonElement category) =>
        Edit("categories", name, category);

    /// <summary>Replaces (or appends, or removes) the element named <paramref name="name"/> of one array and parses the result.</summary>
    private (ProfileDefinitions?, IReadOnlyList<FieldError>) Edit(string array, string name, JsonElement? replacement)
    {
        var document = JsonElement.Parse(ToJson());
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in document.EnumerateObject())
            {
                if (property.Name != array)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteStartArray(array);
            var replaced = false;
            foreach (var element in document.TryGetProperty(array, out var items) ? items.EnumerateArray().ToList() : [])
            {
                if (element.TryGetProperty("name", out var n) && n.GetString() == name)
                {
                    replacement?.WriteTo(writer);
                    replaced = true;
                }
                else
                {
                    element.WriteTo(writer);
                }
            }

            if (!replaced)
            {
                replacement?.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Parse(JsonElement.Parse(buffer.WrittenSpan), Version);
    }

    /// <summary>Parses a document Helix wrote itself (from the log or the store).</summary>
    /// <exception cref="FormatException">It does not parse: the log or the store holds something this version cannot read.</exception>
    public static ProfileDefinitions FromStored(string json, int version)
    {
        var (definitions, errors) = Parse(JsonElement.Parse(json), version);
        return definitions ?? throw new FormatException($"Stored profile definitions v{version} do not parse: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}"))}");
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("settings");
            writer.WriteBoolean("requireApproval", RequireApproval);
            writer.WritePropertyName("models");
            Models.Write(writer);
            writer.WriteEndObject();
            writer.WriteStartArray("computedTraits");
            foreach (var trait in ComputedTraits)
            {
                ComputedTraitSpec.Write(writer, trait);
            }

            writer.WriteEndArray();
            using var catalog = JsonDocument.Parse(CatalogJson(Catalog));
            foreach (var property in catalog.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteStartArray("segments");
            foreach (var segment in Segments)
            {
                SegmentSpec.Write(writer, segment);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string CatalogJson(TagCatalog catalog)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            TagSpec.WriteCatalog(writer, catalog);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The document without its computed traits: what the tag catalog parser reads.</summary>
    private static JsonElement CatalogPart(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("computedTraits" or "settings" or "segments")))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static int IndexOf(JsonElement root, string tag)
    {
        var i = 0;
        foreach (var element in root.GetProperty("tags").EnumerateArray())
        {
            if (element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == tag)
            {
                return i;
            }

            i++;
        }

        return -1;
    }
}
