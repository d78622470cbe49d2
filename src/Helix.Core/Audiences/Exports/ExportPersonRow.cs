using System.Text.Json;
using Helix.Core.Profiles.Facts;

namespace Helix.Core.Audiences.Exports;

/// <summary>
/// One member's export columns: traits and computed values (as of <paramref name="now"/>) as text, JSON for
/// non-strings; a tag's value (<c>true</c> for plain membership); identifiers of a type joined by <c>;</c>.
/// </summary>
public sealed class ExportPersonRow(ExportPerson person, ProfileDefinitions definitions, DateTimeOffset now) : IExportRow
{
    private IReadOnlyDictionary<string, JsonElement?>? _computed;

    public string PersonId => person.Person.Value;

    public bool TryGet(string field, out string? value)
    {
        value = ExportField.Parse(field, out _) is not { } column ? null : column.Kind switch
        {
            ExportFieldKind.PersonId => PersonId,
            ExportFieldKind.Trait => person.Traits.TryGetValue(column.Name, out var trait) ? Text(trait) : null,
            ExportFieldKind.Computed => (_computed ??= definitions.ComputedValues(person.Facts, now)).GetValueOrDefault(column.Name) is { } c ? Text(c) : null,
            ExportFieldKind.Tag => person.Facts?.Tags.TryGetValue(column.Name, out var tag) == true ? tag.Value ?? "true" : null,
            ExportFieldKind.Identifier => Identifiers(person, column.Name) is { Count: > 0 } ids ? string.Join(';', ids) : null,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>
    /// The person's identifiers of <paramref name="type"/>; without any, a text trait of that name (a CRM import may
    /// hold phones and e-mails as traits only, not as identifiers).
    /// </summary>
    public static List<string> Identifiers(ExportPerson person, string type)
    {
        var values = person.Identifiers.Where(i => i.Type == type).Select(i => i.Value).ToList();
        return values.Count == 0 && person.Traits.TryGetValue(type, out var trait) && trait.ValueKind == JsonValueKind.String ? [trait.GetString()!] : values;
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };
}
