using System.Text.Json;
using Helix.Core.ComputedTraits;
using Helix.Core.Identity;
using Helix.Core.Profiles.Derived;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// What a tag rule sees of one person at one instant: stored traits, facts derived from them (age,
/// birthday month, zodiac, event count), computed traits as of <c>now</c> (each computed once), and the
/// list and model tags assigned from outside.
/// </summary>
internal sealed class FactsView(
    PersonState person, PersonFacts facts, ProfileDefinitions definitions, IReadOnlyDictionary<string, HashSet<Identifier>> lists, DateTimeOffset now) : IPersonFacts
{
    private static readonly ComputedTraitState NoEvents = new();
    private readonly Dictionary<string, JsonElement?> _computed = new(StringComparer.Ordinal);
    private Dictionary<string, string?>? _assigned;
    private BirthdayFacts? _birthday;
    private bool _birthdayRead;

    public bool TryGetTrait(string name, out JsonElement value)
    {
        if (person.Traits.TryGetValue(name, out var trait))
        {
            value = trait.Value;
            return true;
        }

        JsonElement? derived = name switch
        {
            "age" => Birthday() is { } b ? JsonSerializer.SerializeToElement(b.Age) : null,
            "birthday_month" => Birthday() is { } b ? JsonSerializer.SerializeToElement(b.BirthdayMonth) : null,
            "zodiac" => Birthday() is { } b ? JsonSerializer.SerializeToElement(b.Zodiac.Key()) : null,
            "event_count" => JsonSerializer.SerializeToElement(person.EventCount),
            "first_seen" => JsonSerializer.SerializeToElement(person.FirstSeen),
            "last_seen" => JsonSerializer.SerializeToElement(person.LastSeen),
            _ => null,
        };
        value = derived ?? default;
        return derived is not null;
    }

    public bool TryGetComputed(string name, out JsonElement value)
    {
        if (!_computed.TryGetValue(name, out var cached))
        {
            cached = definitions.ComputedTrait(name) is { } definition
                ? (facts.Computed.GetValueOrDefault(name) ?? NoEvents).Value(definition, now)
                : null;
            _computed[name] = cached;
        }

        value = cached ?? default;
        return cached is not null;
    }

    public IReadOnlyDictionary<string, string?> AssignedTags => _assigned ??= Assigned();

    private Dictionary<string, string?> Assigned()
    {
        var assigned = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (tag, value) in facts.ModelTags)
        {
            assigned[tag] = value;
        }

        foreach (var (tag, members) in lists)
        {
            if (person.Identifiers.Any(l => members.Contains(l.Identifier)))
            {
                assigned[tag] = null;
            }
        }

        return assigned;
    }

    private BirthdayFacts? Birthday()
    {
        if (!_birthdayRead)
        {
            _birthdayRead = true;
            _birthday = person.Traits.TryGetValue("birthday", out var birthday) && birthday.Value.ValueKind == JsonValueKind.String
                ? BirthdayFacts.From(birthday.Value.GetString(), WorkspaceTime.Day(now))
                : null;
        }

        return _birthday;
    }
}
