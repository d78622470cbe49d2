using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Helix.Core.Identity;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Encryption;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

// Personal data at rest: with a vault, the pipeline's writes seal personal identifiers, traits and event fields
// per person (PiiFields says which), personal identifiers are stored as their keyed digest with the sealed value
// beside it, and every read opens what it returns. Without one (storage tests, tools) values pass through as given,
// and a store holding both reads both.
public sealed partial class DuckDbStore
{
    /// <summary>What a sealed value reads as once its key is shredded: only an erased person's rows can hold one.</summary>
    public const string Unreadable = "(erased)";

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private PiiVault? _vault;

    /// <summary>
    /// Seals personal data from here on with <paramref name="vault"/>; called once by the host before the store is used. A store
    /// that holds personal data in the clear (written before sealing existed) drops everything derived from the event log, so that
    /// the pipeline replays it sealed, as <see cref="ResetDerivedAsync"/> does.
    /// </summary>
    public void UsePii(PiiVault vault)
    {
        _vault = vault;
        var clear = ReadAsync(HoldsClearPersonalData, CancellationToken.None).GetAwaiter().GetResult();
        if (clear)
        {
            LogSealingExistingData();
            ResetDerivedAsync().GetAwaiter().GetResult();
        }
    }

    private static bool HoldsClearPersonalData(DuckDBConnection connection)
    {
        var traits = string.Join(" OR ", PiiFields.Traits.Select((_, i) => $"json_extract_string(traits, $t{i}) NOT LIKE 'pii1:%'"));
        (string, object?)[] parameters = [.. PiiFields.Traits.Select((t, i) => ($"t{i}", (object?)("$." + JsonSerializer.Serialize(t)))),
            ("types", PiiFields.IdentifierTypes.ToList())];
        using var command = Command(connection, $"""
            SELECT EXISTS (SELECT 1 FROM identities WHERE sealed IS NULL AND list_contains($types, type))
                OR EXISTS (SELECT 1 FROM persons WHERE {traits})
            """, parameters);
        return command.ExecuteScalar() is true;
    }

    /// <summary>Every person a commit writes for has a durable key before the transaction seals anything.</summary>
    private Task EnsureKeysAsync(PipelineCommit commit, CancellationToken cancellationToken) =>
        _vault?.EnsureKeysAsync(
            commit.Persons.Select(p => (p.WorkspaceId, p.Id)).Concat(commit.Events.Select(e => (e.Message.WorkspaceId, e.PersonId))),
            cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Shreds the data keys of an erased person and of every id merged into them (their rows were sealed under those),
    /// before the rows go: a crash in between replays the erasure, which finds the rows unreadable and deletes them.
    /// </summary>
    private void ShredKeys(DuckDBConnection connection, PersonErasure? erasure)
    {
        if (erasure is null || _vault is null)
        {
            return;
        }

        var merged = ReadRows(connection, "SELECT person_id FROM person_merges WHERE workspace_id = $ws AND survivor = $person",
            r => r.GetString(0), ("ws", erasure.WorkspaceId.Value), ("person", erasure.PersonId.Value));
        _vault.Shred(erasure.WorkspaceId, [erasure.PersonId.Value, .. merged]);
    }

    /// <summary>The value an identifier is stored and found by.</summary>
    private string StoredValue(WorkspaceId workspace, Identifier identifier) => _vault?.LookupValue(workspace, identifier) ?? identifier.Value;

    /// <summary>A personal identifier's sealed value, kept beside its digest; null for others.</summary>
    private string? SealedIdentifier(WorkspaceId workspace, PersonId person, Identifier identifier) =>
        _vault is not null && PiiFields.IdentifierTypes.Contains(identifier.Type) ? SealValue(workspace, person, identifier.Value) : null;

    /// <summary>A personal identifier's value sealed, any other as it is (where an identifier is kept but never looked up).</summary>
    private string SealText(WorkspaceId workspace, PersonId person, Identifier identifier) =>
        PiiFields.IdentifierTypes.Contains(identifier.Type) ? SealValue(workspace, person, identifier.Value) : identifier.Value;

    /// <summary>Every sealed value holds JSON (a text as a JSON string), so any of them opens the same way wherever it lies.</summary>
    private string SealValue(WorkspaceId workspace, PersonId person, string value) =>
        _vault?.Seal(workspace, person, JsonSerializer.Serialize(value, RelaxedJson)) ?? value;

    /// <summary>
    /// A value read as text (an identifier, or a trait through <c>json_extract_string</c>): a sealed one opens to its JSON,
    /// read back as text; any other as it is.
    /// </summary>
    private string OpenText(WorkspaceId workspace, string value)
    {
        if (_vault is null || !PiiCipher.IsSealed(value, out _))
        {
            return value;
        }

        if (_vault.Open(workspace, value) is not { } json)
        {
            return Unreadable;
        }

        var element = JsonElement.Parse(json);
        return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
    }

    private IReadOnlyDictionary<string, TraitValue> SealTraits(WorkspaceId workspace, PersonId person, IReadOnlyDictionary<string, TraitValue> traits) =>
        _vault is null || !traits.Keys.Any(PiiFields.Traits.Contains)
            ? traits
            : traits.ToDictionary(t => t.Key, t => PiiFields.Traits.Contains(t.Key) ? t.Value with { Value = SealElement(workspace, person, t.Value.Value) } : t.Value, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> SealCounts(
        WorkspaceId workspace, PersonId person, IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> counts) =>
        _vault is null || !counts.Keys.Any(PiiFields.Traits.Contains)
            ? counts
            : counts.ToDictionary(
                c => c.Key,
                c => PiiFields.Traits.Contains(c.Key)
                    ? (IReadOnlyList<TraitValueCount>)[.. c.Value.Select(v => v with { Latest = v.Latest with { Value = SealElement(workspace, person, v.Latest.Value) } })]
                    : c.Value,
                StringComparer.Ordinal);

    private Dictionary<string, TraitValue> OpenTraits(WorkspaceId workspace, Dictionary<string, TraitValue> traits)
    {
        foreach (var name in traits.Keys.Where(PiiFields.Traits.Contains).ToList())
        {
            traits[name] = traits[name] with { Value = OpenElement(workspace, traits[name].Value) };
        }

        return traits;
    }

    private IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> OpenCounts(
        WorkspaceId workspace, IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> counts) =>
        !counts.Keys.Any(PiiFields.Traits.Contains)
            ? counts
            : counts.ToDictionary(
                c => c.Key,
                c => (IReadOnlyList<TraitValueCount>)[.. c.Value.Select(v => v with { Latest = v.Latest with { Value = OpenElement(workspace, v.Latest.Value) } })],
                StringComparer.Ordinal);

    private Dictionary<string, JsonElement> OpenValues(WorkspaceId workspace, Dictionary<string, JsonElement> values)
    {
        foreach (var name in values.Keys.Where(PiiFields.Traits.Contains).ToList())
        {
            values[name] = OpenElement(workspace, values[name]);
        }

        return values;
    }

    /// <summary>The value's JSON text sealed, as a JSON string: opening restores its type (a phone sent as a number stays one).</summary>
    private JsonElement SealElement(WorkspaceId workspace, PersonId person, JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || _vault is null
            ? value
            : JsonSerializer.SerializeToElement(_vault.Seal(workspace, person, value.GetRawText()));

    private JsonElement OpenElement(WorkspaceId workspace, JsonElement value)
    {
        if (_vault is null || value.ValueKind != JsonValueKind.String || !PiiCipher.IsSealed(value.GetString(), out _))
        {
            return value;
        }

        return _vault.Open(workspace, value.GetString()!) is { } text ? JsonElement.Parse(text) : JsonSerializer.SerializeToElement(Unreadable);
    }

    /// <summary>An event's traits or properties with their personal fields sealed (top level: where identify calls and forms put them).</summary>
    private string? SealEventFields(WorkspaceId workspace, PersonId person, JsonElement? fields, Func<string, bool> isPersonal)
    {
        if (fields is not { ValueKind: JsonValueKind.Object } element || _vault is null || !element.EnumerateObject().Any(p => isPersonal(p.Name)))
        {
            return fields?.GetRawText();
        }

        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        SealNode(workspace, person, node, isPersonal);
        return node.ToJsonString(RelaxedJson);
    }

    /// <summary>An event's context with the personal fields of its <c>traits</c> sealed.</summary>
    private string? SealContext(WorkspaceId workspace, PersonId person, JsonElement? context)
    {
        if (context is not { ValueKind: JsonValueKind.Object } element || _vault is null
            || !element.TryGetProperty("traits", out var traits) || traits.ValueKind != JsonValueKind.Object
            || !traits.EnumerateObject().Any(p => PiiFields.Traits.Contains(p.Name)))
        {
            return context?.GetRawText();
        }

        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        SealNode(workspace, person, node["traits"]!.AsObject(), PiiFields.Traits.Contains);
        return node.ToJsonString(RelaxedJson);
    }

    private void SealNode(WorkspaceId workspace, PersonId person, JsonObject node, Func<string, bool> isPersonal)
    {
        foreach (var name in node.Select(p => p.Key).Where(isPersonal).ToList())
        {
            if (node[name] is { } value)
            {
                node[name] = _vault!.Seal(workspace, person, value.ToJsonString(RelaxedJson));
            }
        }
    }

    /// <summary>Stored JSON with every sealed string in it opened (to the value it sealed, or <see cref="Unreadable"/>).</summary>
    private JsonElement? OpenJson(WorkspaceId workspace, JsonElement? json)
    {
        if (_vault is null || json is not { } element || !element.GetRawText().Contains(PiiCipher.Prefix, StringComparison.Ordinal))
        {
            return json;
        }

        var node = JsonNode.Parse(element.GetRawText());
        if (TryOpen(workspace, node, out var opened))
        {
            return JsonSerializer.SerializeToElement(opened);
        }

        OpenWithin(workspace, node);
        return JsonSerializer.SerializeToElement(node);
    }

    private void OpenWithin(WorkspaceId workspace, JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                if (TryOpen(workspace, obj[name], out var opened))
                {
                    obj[name] = opened;
                }
                else
                {
                    OpenWithin(workspace, obj[name]);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (TryOpen(workspace, array[i], out var opened))
                {
                    array[i] = opened;
                }
                else
                {
                    OpenWithin(workspace, array[i]);
                }
            }
        }
    }

    /// <summary>Whether the node is a sealed string, and if so its value (JSON null is a value too).</summary>
    private bool TryOpen(WorkspaceId workspace, JsonNode? node, out JsonNode? opened)
    {
        opened = null;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !PiiCipher.IsSealed(value.GetValue<string>(), out _))
        {
            return false;
        }

        opened = _vault!.Open(workspace, value.GetValue<string>()) is { } text ? JsonNode.Parse(text) : JsonValue.Create(Unreadable);
        return true;
    }
}
