using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Tests.Audiences;

/// <summary>
/// The SQL compiler against the in-memory evaluator: on random workspaces (traits of every kind, events around now,
/// late events, tags, segments, computed traits of every function) and random conditions, the store's members are
/// exactly the persons <see cref="AudienceEvaluator.Holds"/> accepts.
/// </summary>
public sealed class AudienceSqlPropertyTests : AudienceStoreFixture
{
    private static readonly DateTimeOffset Base = new(2026, 11, 10, 4, 0, 0, TimeSpan.Zero);
    private static readonly string[] TraitNames = ["city", "score", "tags", "vip", "birthday", "age", "first_seen", "event_count", "when", "zodiac", "birthday_month"];
    private static readonly string[] EventNames = ["A", "B", "C"];
    private static readonly string[] Properties = ["x", "cat", "n.y"];
    private static readonly string[] Scalars =
        ["\"上海\"", "\"a\"", "\"b\"", "\"\"", "\"10\"", "\"2.5\"", "\"1_000\"", "\" 7 \"", "0", "1", "2.5", "-3", "10", "12.50", "1e3", "true", "false", "null",
         "\"2026-11-01\"", "\"2026-11-09T08:00:00+08:00\"", "\"😀\"", "\"a上\""];

    private static readonly string[] Birthdays = ["\"1990-05-20\"", "\"2000-02-29\"", "\"20001231\"", "\"1990/1/2\"", "\"1990.11.10\"", "\" 1995-11-10 \"", "\"1880-01-01\"", "\"2030-01-01\"", "\"bad\"", "19900520", "\"2008-11-10T10:00:00\""];

    [Property(MaxTest = 250)]
    public bool Members_AreThePersonsTheEvaluatorAccepts(int seed)
    {
        var random = new Random(seed);
        var now = Base.AddMinutes(random.Next(-3000, 3000)).AddTicks(random.Next(3) == 0 ? random.Next(20) : 0);
        var definitions = new ProfileDefinitions(1, [.. Enumerable.Range(0, 3).Select(i => RandomDefinition(random, "c" + i))], new TagCatalog([], []));
        var persons = Enumerable.Range(0, random.Next(1, 8)).Select(i => RandomPerson(random, i, now)).ToList();
        var workspace = Write(persons);
        var conditions = Enumerable.Range(0, 2).Select(_ => RandomCondition(random, 0)).ToList();

        foreach (var condition in conditions)
        {
            MembersAsync(workspace, condition, persons, definitions, now).GetAwaiter().GetResult();
        }

        return true;
    }

    private static WorldPerson RandomPerson(Random random, int index, DateTimeOffset now)
    {
        var traits = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in TraitNames.Where(_ => random.Next(3) == 0))
        {
            traits[name] = JsonElement.Parse(name == "birthday" ? Pick(random, Birthdays) : RandomValue(random));
        }

        var events = Enumerable.Range(0, random.Next(0, 9)).Select(i => RandomEvent(random, $"m{index}_{i}", now)).ToList();
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in new[] { "vip", "rfm" }.Where(_ => random.Next(2) == 0))
        {
            tags[tag] = random.Next(3) switch { 0 => null, 1 => "a", _ => "b" };
        }

        var first = Micros(now.AddDays(-random.Next(0, 100)).AddTicks(random.Next(0, 1_000_000) * 10));
        string[] ids = ["p" + index, "é" + index, "上" + index, "Z" + index];
        return new WorldPerson(ids[random.Next(ids.Length)], traits, first, first.AddHours(random.Next(0, 500)), random.Next(0, 20), events, tags,
            new[] { "s1", "s2" }.Where(_ => random.Next(2) == 0).ToHashSet());
    }

    private static CollectedMessage RandomEvent(Random random, string id, DateTimeOffset now)
    {
        // Microseconds, as the store keeps them; some in the future, some received long after they happened.
        var at = now.AddMinutes(random.Next(-60 * 24 * 45, 60 * 24 * 2)).AddTicks(random.Next(0, 600_000_000) * 10L);
        if (random.Next(4) == 0)
        {
            at = now.AddMinutes(random.Next(-180, 60));
        }

        at = Micros(at);
        var received = random.Next(4) == 0 ? at.AddHours(random.Next(0, 24 * 40)) : at;
        var properties = new Dictionary<string, object?>();
        if (random.Next(4) > 0)
        {
            properties["x"] = JsonElement.Parse(RandomValue(random));
        }

        if (random.Next(2) == 0)
        {
            properties["cat"] = Pick(random, ["snacks", "drinks", "零食"]);
        }

        if (random.Next(3) == 0)
        {
            properties["items"] = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new Dictionary<string, JsonElement> { ["price"] = JsonElement.Parse(RandomValue(random)) }).ToList();
        }

        if (random.Next(4) == 0)
        {
            properties["n"] = random.Next(2) == 0 ? new Dictionary<string, JsonElement> { ["y"] = JsonElement.Parse(RandomValue(random)) } : (object)"flat";
        }

        return new CollectedMessage
        {
            WorkspaceId = new WorkspaceId("ws"),
            SourceId = new SourceId(Pick(random, ["web", "app"])),
            MessageId = id,
            Type = random.Next(6) == 0 ? MessageType.Page : MessageType.Track,
            UserId = "u",
            Event = Pick(random, EventNames),
            Timestamp = at,
            ReceivedAt = received,
            Properties = JsonSerializer.SerializeToElement(properties),
        };
    }

    private static ComputedTraitDefinition RandomDefinition(Random random, string name)
    {
        var function = Enum.GetValues<AggregateFunction>()[random.Next(9)];
        string[] paths = ["properties.x", "properties.items[].price", "properties.cat", "properties.n.y", "event", "hour", "weekday", "source", "timestamp"];
        var of = function is AggregateFunction.Count or AggregateFunction.First or AggregateFunction.Last && random.Next(2) == 0
            ? null
            : ValuePath.Parse(Pick(random, paths));
        TimeSpan? window = random.Next(3) switch
        {
            0 => null,
            1 => TimeSpan.FromDays(random.Next(1, 40)),
            _ => TimeSpan.FromMinutes(random.Next(1, 72 * 60)),
        };
        var subtract = function == AggregateFunction.Sum && random.Next(2) == 0 ? new EventFilter(MessageType.Track, ["C"], []) : null;
        var filter = random.Next(5) == 0 ? new EventFilter(null, [], []) : RandomFilter(random);
        return new ComputedTraitDefinition(name, function, filter, of, window, null, subtract);
    }

    private static Condition RandomCondition(Random random, int depth)
    {
        var choice = depth >= 3 ? 3 + random.Next(7) : random.Next(10);
        List<Condition> Items() => [.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomCondition(random, depth + 1))];
        return choice switch
        {
            0 => new AllCondition(Items()),
            1 => new AnyCondition(Items()),
            2 => new NotCondition(RandomCondition(random, depth + 1)),
            3 or 4 => RandomFact(random),
            5 => RandomTag(random),
            6 => new SegmentReferenceCondition(Pick(random, ["s1", "s2", "s3"])),
            7 or 8 => RandomDid(random),
            _ => RandomSequence(random),
        };
    }

    private static FactCondition RandomFact(Random random)
    {
        var op = Enum.GetValues<ConditionOp>()[random.Next(14)];
        var value = op switch
        {
            ConditionOp.Exists or ConditionOp.NotExists => null,
            ConditionOp.In or ConditionOp.NotIn => $"[{string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomValue(random)))}]",
            ConditionOp.Between => random.Next(2) == 0 ? $"[{random.Next(-5, 3)},{random.Next(3, 40)}]" : "[\"a\",\"c\"]",
            ConditionOp.Before or ConditionOp.After => Pick(random, ["\"2026-11-01\"", "\"2026-11-09T08:00:00+08:00\"", "\"2026-11-05 10:00\"", "\"2025-12-31T23:59:59.5Z\"", "\"x\""]),
            _ => RandomValue(random),
        };
        var fact = random.Next(3) == 0 ? new FactRef(FactSource.Computed, "c" + random.Next(3)) : new FactRef(FactSource.Trait, Pick(random, TraitNames));
        return new FactCondition(fact, op, value is null ? null : JsonElement.Parse(value));
    }

    private static TagReferenceCondition RandomTag(Random random) => random.Next(4) switch
    {
        0 => new TagReferenceCondition(Pick(random, ["vip", "rfm", "none"]), null, []),
        1 => new TagReferenceCondition(Pick(random, ["vip", "rfm"]), ConditionOp.Eq, [Pick(random, ["a", "b"])]),
        2 => new TagReferenceCondition(Pick(random, ["vip", "rfm"]), ConditionOp.Ne, [Pick(random, ["a", "b"])]),
        _ => new TagReferenceCondition(Pick(random, ["vip", "rfm"]), ConditionOp.In, ["a", "b"]),
    };

    private static EventCondition RandomDid(Random random)
    {
        AggregateFunction[] functions = [AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max];
        ConditionOp[] ops = [ConditionOp.Eq, ConditionOp.Ne, ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte];
        var function = random.Next(2) == 0 ? AggregateFunction.Count : Pick(random, functions);
        var of = function == AggregateFunction.Count ? null : ValuePath.Parse(Pick(random, ["properties.x", "properties.items[].price", "properties.n.y"]));
        var threshold = function == AggregateFunction.Count ? random.Next(0, 4) : Pick(random, [0m, 1m, 2.5m, 10m, -3m, 12.5m, 7m, 1000m, 5.5m]);
        return new EventCondition(RandomFilter(random), function, of, Pick(random, ops), threshold, RandomWindow(random));
    }

    private static SequenceCondition RandomSequence(Random random)
    {
        var steps = Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomFilter(random)).ToList();
        var absent = random.Next(2) == 0;
        TimeSpan? within = absent || random.Next(2) == 0 ? TimeSpan.FromHours(random.Next(1, 24 * 10)) : null;
        return new SequenceCondition(steps, absent, within, RandomWindow(random));
    }

    private static EventFilter RandomFilter(Random random)
    {
        var events = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Pick(random, EventNames)).Distinct().ToArray();
        var where = Enumerable.Range(0, random.Next(3) == 0 ? 1 : 0).Select(_ =>
        {
            var op = PropertyCondition.Operators[random.Next(PropertyCondition.Operators.Count)];
            var value = op switch
            {
                ConditionOp.Exists => random.Next(2) == 0 ? null : "false",
                ConditionOp.In => $"[{RandomValue(random)},{RandomValue(random)}]",
                _ => RandomValue(random),
            };
            return new PropertyCondition(Pick(random, Properties), op, value is null ? null : JsonElement.Parse(value));
        }).ToArray();
        return new EventFilter(MessageType.Track, events, where);
    }

    private static EventWindow? RandomWindow(Random random)
    {
        var day = DateOnly.FromDateTime(Base.UtcDateTime).AddDays(random.Next(-40, 3));
        return random.Next(4) switch
        {
            0 => null,
            1 => new RelativeWindow(random.Next(2) == 0 ? TimeSpan.FromDays(random.Next(1, 40)) : TimeSpan.FromHours(Pick(random, [1, 5, 23, 25, 70]))),
            2 => new DateWindow(day, day.AddDays(random.Next(0, 20))),
            _ => new DateWindow(day, null),
        };
    }

    private static string RandomValue(Random random) => random.Next(8) == 0
        ? $"[{Pick(random, Scalars)},{Pick(random, Scalars)}]"
        : Pick(random, Scalars);

    /// <summary>An instant as the store keeps it: whole microseconds.</summary>
    private static DateTimeOffset Micros(DateTimeOffset at) => at.AddTicks(-(at.UtcTicks % 10));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
