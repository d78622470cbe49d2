using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Derived;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Tests.Audiences;

/// <summary>One person as the audience tests store them: rows in persons, events, person_facts and segment_members.</summary>
internal sealed record WorldPerson(
    string Id, IReadOnlyDictionary<string, JsonElement> Traits, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long EventCount,
    IReadOnlyList<CollectedMessage> Events, IReadOnlyDictionary<string, string?> Tags, IReadOnlySet<string> Segments);

/// <summary>
/// A workspace's persons, written straight into a store's tables with plain SQL (no store API writes segment
/// members or hand-made facts), and the oracle: the members <see cref="AudienceEvaluator"/> finds on the same data.
/// </summary>
internal static class AudienceWorld
{
    /// <param name="connection">A connection to the store's database file (the same process shares one database).</param>
    public static void Store(DuckDBConnection connection, WorkspaceId workspace, IReadOnlyList<WorldPerson> persons)
    {
        using (var events = connection.CreateAppender("events"))
        {
            var position = 0L;
            foreach (var person in persons)
            {
                foreach (var m in person.Events)
                {
                    events.CreateRow()
                        .AppendValue(workspace.Value).AppendValue(++position).AppendValue(m.MessageId).AppendValue(m.Type.ToWire()).AppendValue(m.Event)
                        .AppendValue(m.UserId).AppendValue(m.AnonymousId).AppendValue(person.Id).AppendValue(m.SourceId.Value).AppendValue(m.GroupId)
                        .AppendValue(m.PreviousId).AppendValue(m.Timestamp.UtcDateTime).AppendValue((DateTime?)null).AppendValue((DateTime?)null)
                        .AppendValue(m.ReceivedAt.UtcDateTime).AppendValue(m.Properties?.GetRawText()).AppendValue((string?)null)
                        .AppendValue(m.Context?.GetRawText()).AppendValue((string?)null)
                        .EndRow();
                }
            }
        }

        using (var rows = connection.CreateAppender("persons"))
        {
            foreach (var person in persons)
            {
                rows.CreateRow()
                    .AppendValue(workspace.Value).AppendValue(person.Id).AppendValue(0L).AppendValue(person.FirstSeen.UtcDateTime).AppendValue(person.LastSeen.UtcDateTime)
                    .AppendValue(person.EventCount).AppendValue(JsonSerializer.Serialize(person.Traits)).AppendValue("{}").AppendValue(0)
                    .AppendValue((string?)null).AppendValue((long?)null).AppendValue((DateTime?)null).AppendValue((string?)null)
                    .EndRow();
            }
        }

        using (var rows = connection.CreateAppender("person_facts"))
        {
            foreach (var person in persons)
            {
                var tags = JsonSerializer.Serialize(person.Tags.ToDictionary(t => t.Key, t => new { value = t.Value, since = "2026-01-01T00:00:00Z" }));
                rows.CreateRow().AppendValue(workspace.Value).AppendValue(person.Id).AppendValue("{}").AppendValue("{}").AppendValue(tags).AppendValue((string?)null).EndRow();
            }
        }

        using (var rows = connection.CreateAppender("segment_members"))
        {
            foreach (var person in persons)
            {
                foreach (var segment in person.Segments)
                {
                    rows.CreateRow().AppendValue(workspace.Value).AppendValue(segment).AppendValue(person.Id).AppendValue((DateTime?)null).AppendValue(false).EndRow();
                }
            }
        }
    }

    /// <summary>The persons the in-memory evaluator puts in the audience, sorted as the store sorts them (by UTF-8 bytes).</summary>
    public static IReadOnlyList<string> Expected(IReadOnlyList<WorldPerson> persons, Condition condition, ProfileDefinitions definitions, DateTimeOffset now) =>
        [.. persons
            .Where(p => AudienceEvaluator.Holds(condition, new AudiencePerson(new Facts(p, definitions, now), p.Tags, p.Events, p.Segments.Contains), now))
            .Select(p => p.Id)
            .OrderBy(id => id, Utf8Order.Instance)];

    /// <summary>What FactsView shows a tag rule, rebuilt from the same rows: stored traits, derived ones, computed traits folded from the events.</summary>
    private sealed class Facts(WorldPerson person, ProfileDefinitions definitions, DateTimeOffset now) : IPersonFacts
    {
        public IReadOnlyDictionary<string, string?> AssignedTags { get; } = new Dictionary<string, string?>();

        public bool TryGetTrait(string name, out JsonElement value)
        {
            if (person.Traits.TryGetValue(name, out value))
            {
                return true;
            }

            var birthday = person.Traits.TryGetValue("birthday", out var b) && b.ValueKind == JsonValueKind.String
                ? BirthdayFacts.From(b.GetString(), WorkspaceTime.Day(now))
                : null;
            JsonElement? derived = name switch
            {
                "age" => birthday is { } f ? JsonSerializer.SerializeToElement(f.Age) : null,
                "birthday_month" => birthday is { } f ? JsonSerializer.SerializeToElement(f.BirthdayMonth) : null,
                "zodiac" => birthday is { } f ? JsonSerializer.SerializeToElement(f.Zodiac.Key()) : null,
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
            value = default;
            if (definitions.ComputedTrait(name) is not { } definition)
            {
                return false;
            }

            var state = new ComputedTraitState();
            foreach (var message in person.Events)
            {
                state.Observe(definition, message);
            }

            var result = state.Value(definition, now);
            value = result ?? default;
            return result is not null;
        }
    }
}

/// <summary>Ordinal order of UTF-8 bytes (code points), the order DuckDB sorts VARCHAR in.</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y) =>
        System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
}
