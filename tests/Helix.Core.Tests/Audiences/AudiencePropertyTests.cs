using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Audiences;

/// <summary>
/// Random conditions survive text and JSON unchanged, printing is a fixed point, and the parser answers any input
/// — garbage, mutilated definitions, deep nesting, huge numbers, broken Unicode — with a condition or a positioned error.
/// </summary>
public sealed class AudiencePropertyTests
{
    private static readonly string[] Pieces =
        ["a", "Z", "_", "7", " ", "上", "海", "零食", "\"", "\\", "\n", "\t", "\u0001", "\u202E", "\u200D", "😀", "'", "/", "é", "and", "not", ".", "[]", "\u3000"];

    private static readonly string[] Words = ["total", "category", "类别", "count", "and", "where", "a_1", "Ünïcode", "x"];

    private static readonly string[] Fragments =
    [
        "did(", "trait(", "computed(", "tag(", "has ", "in ", "segment(", "\"", "\"上海\"", "\"Order Completed\"", ")", "(", ",", "[", "]", "within ",
        "30d", "48h", "0d", "1e999999", "99999999999999999999999999999999", "-", "-0", "007", "\\u", "\\uD800", "\uD800", "\uDC00", "not ", "and ",
        "or ", "where ", "count >= ", "sum(", "avg(x) < ", "2026-01-01", "2026-99-99T", "then ", "then not ", "=", "!=", ">=", "null", "true", "\n",
        "\r", " ", "（", "“", ".", "[]", "between ", "since ", "exists", "contains ", "1.5", "\u0000", "\\", "AND ", "==",
    ];

    [Property(MaxTest = 300)]
    public bool Text_RoundTrips(int seed)
    {
        var condition = RandomCondition(new Random(seed), 0);

        var text = AudienceText.Print(condition);
        var parsed = AudienceText.Parse(text);

        return parsed.Error is null && parsed.Condition == condition && AudienceText.Print(parsed.Condition) == text;
    }

    [Property(MaxTest = 300)]
    public bool Json_RoundTrips(int seed)
    {
        var condition = RandomCondition(new Random(seed), 0);

        var json = AudienceSpec.ToJson(condition);
        var (parsed, errors) = AudienceSpec.Parse(json);

        return errors.Count == 0 && parsed == condition && AudienceSpec.ToJson(parsed) == json;
    }

    [Property(MaxTest = 300)]
    public bool TextThroughJson_IsTheSameCondition(int seed)
    {
        var condition = RandomCondition(new Random(seed), 0);

        var viaJson = AudienceSpec.Parse(AudienceSpec.ToJson(AudienceText.Parse(AudienceText.Print(condition)).Condition!)).Condition;

        return viaJson is not null && AudienceText.Print(viaJson) == AudienceText.Print(condition);
    }

    [Property(MaxTest = 1000)]
    public bool Parse_AnswersAnyString(string? text) => Answers(text ?? "");

    [Property(MaxTest = 1000)]
    public bool Parse_AnswersTokenSoup(int seed)
    {
        var random = new Random(seed);
        var text = string.Concat(Enumerable.Range(0, random.Next(60)).Select(_ => Fragments[random.Next(Fragments.Length)]));

        return Answers(text);
    }

    [Property(MaxTest = 1000)]
    public bool Parse_AnswersMutilatedDefinitions_AndWhatParsesRoundTrips(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(AudienceText.Print(RandomCondition(random, 0)));
        for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            _ = random.Next(3) switch
            {
                0 => text.Remove(at, 1),
                1 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                _ => text.Insert(at, text.ToString(at, Math.Min(text.Length - at, random.Next(1, 12)))),
            };
        }

        var result = AudienceText.Parse(text.ToString());

        return Answers(text.ToString())
            && (result.Condition is null || AudienceText.Parse(AudienceText.Print(result.Condition)).Condition == result.Condition);
    }

    [Theory]
    [InlineData(100_000, "(")]
    [InlineData(20_000, "not ")]
    [InlineData(20_000, "did(\"A\") then ")]
    [InlineData(30_000, "has tag(\"a\") and ")]
    [InlineData(30_000, "trait(\"x\") in [")]
    public void DeepOrLongInput_IsAnError_NotACrash(int times, string piece)
    {
        var text = string.Concat(Enumerable.Repeat(piece, times));

        var result = AudienceText.Parse(text);

        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("trait(\"x\") = 1e400")]
    [InlineData("trait(\"x\") > -1e400")]
    [InlineData("did(\"A\", count >= 1e400)")]
    [InlineData("did(\"A\", sum(x) > 99999999999999999999999999999999999)")]
    [InlineData("did(\"A\", count >= 99999999999999999999)")]
    public void HugeNumbers_AreErrors(string text) => Assert.NotNull(AudienceText.Parse(text).Error);

    [Fact]
    public void TextAtTheLengthLimitOfAString_Parses_AndOneMoreIsAnError()
    {
        var atLimit = $"trait(\"x\") = \"{new string('上', AudienceLimits.MaxStringLength)}\"";
        var over = $"trait(\"x\") = \"{new string('上', AudienceLimits.MaxStringLength + 1)}\"";

        Assert.Null(AudienceText.Parse(atLimit).Error);
        Assert.Equal(14, AudienceText.Parse(over).Error!.Column);
    }

    private static bool Answers(string text)
    {
        var result = AudienceText.Parse(text);
        return result.Error is { } error
            ? result.Condition is null && error.Line >= 1 && error.Column >= 1 && error.Offset >= 0 && error.Offset <= text.Length && error.Message.Length > 0 && error.Hint.Length > 0
            : result.Condition is not null;
    }

    private static Condition RandomCondition(Random random, int depth)
    {
        var choice = depth >= 4 ? 3 + random.Next(6) : random.Next(9);
        List<Condition> Items() => [.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomCondition(random, depth + 1))];
        return choice switch
        {
            0 => new AllCondition(Items()),
            1 => new AnyCondition(Items()),
            2 => new NotCondition(RandomCondition(random, depth + 1)),
            3 or 4 => RandomFact(random),
            5 => RandomTag(random),
            6 => new SegmentReferenceCondition(Name(random)),
            7 => RandomDid(random),
            _ => RandomSequence(random),
        };
    }

    private static FactCondition RandomFact(Random random)
    {
        var ops = Enum.GetValues<ConditionOp>();
        var op = ops[random.Next(ops.Length)];
        string Scalar() => random.Next(3) switch
        {
            0 => Number(random),
            1 => random.Next(2) == 0 ? "true" : "false",
            _ => Quoted(Text(random)),
        };
        var value = op switch
        {
            ConditionOp.Exists or ConditionOp.NotExists => null,
            ConditionOp.Eq or ConditionOp.Ne or ConditionOp.Contains => Scalar(),
            ConditionOp.Gt or ConditionOp.Gte or ConditionOp.Lt or ConditionOp.Lte => random.Next(2) == 0 ? Number(random) : Quoted(Text(random)),
            ConditionOp.In or ConditionOp.NotIn => $"[{string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Scalar()))}]",
            ConditionOp.Between => random.Next(2) == 0
                ? $"[{random.Next(-50, 0)},{random.Next(0, 50)}]"
                : $"[{Quoted("a" + Text(random))},{Quoted("b" + Text(random))}]",
            _ => Quoted(((string[])["2026-01-01", "2026-01-01T08:00:00+08:00", "2025-12-31T23:59:59.5Z", "2026-03-01 10:00"])[random.Next(4)]),
        };
        var fact = new FactRef(random.Next(2) == 0 ? FactSource.Trait : FactSource.Computed, Text(random));
        return new FactCondition(fact, op, value is null ? null : AudienceTextTests.Json(value));
    }

    private static TagReferenceCondition RandomTag(Random random) => random.Next(4) switch
    {
        0 => new TagReferenceCondition(Name(random), null, []),
        1 => new TagReferenceCondition(Name(random), ConditionOp.Eq, [Text(random)]),
        2 => new TagReferenceCondition(Name(random), ConditionOp.Ne, [Text(random)]),
        _ => new TagReferenceCondition(Name(random), ConditionOp.In, [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Text(random))]),
    };

    private static EventCondition RandomDid(Random random)
    {
        AggregateFunction[] functions = [AggregateFunction.Count, AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max];
        ConditionOp[] ops = [ConditionOp.Eq, ConditionOp.Ne, ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte];
        var function = random.Next(3) == 0 ? AggregateFunction.Count : functions[random.Next(functions.Length)];
        var of = function == AggregateFunction.Count ? null : ValuePath.Parse("properties." + Path(random, fanOut: true));
        var threshold = function == AggregateFunction.Count ? random.Next(0, 20) : decimal.Round((decimal)((random.NextDouble() - 0.3) * 10_000), random.Next(3));
        var measured = random.Next(4) > 0;
        return new EventCondition(
            RandomFilter(random),
            measured ? function : AggregateFunction.Count,
            measured ? of : null,
            measured ? ops[random.Next(ops.Length)] : ConditionOp.Gte,
            measured ? threshold : 1,
            RandomWindow(random));
    }

    private static SequenceCondition RandomSequence(Random random)
    {
        var steps = Enumerable.Range(0, random.Next(2, AudienceLimits.MaxSteps + 1)).Select(_ => RandomFilter(random)).ToList();
        var absent = random.Next(2) == 0;
        TimeSpan? within = absent || random.Next(2) == 0 ? RandomLength(random) : null;
        return new SequenceCondition(steps, absent, within, RandomWindow(random));
    }

    private static EventFilter RandomFilter(Random random)
    {
        var events = Enumerable.Range(0, random.Next(3) == 0 ? random.Next(2, 4) : 1).Select(_ => Text(random)).ToArray();
        var where = Enumerable.Range(0, random.Next(3)).Select(_ => RandomProperty(random)).ToArray();
        return new EventFilter(MessageType.Track, events, where);
    }

    private static PropertyCondition RandomProperty(Random random)
    {
        var op = PropertyCondition.Operators[random.Next(PropertyCondition.Operators.Count)];
        var value = op switch
        {
            ConditionOp.Exists => random.Next(2) == 0 ? null : "false",
            ConditionOp.In => $"[{Quoted(Text(random))},{Number(random)}]",
            ConditionOp.Eq or ConditionOp.Ne => random.Next(3) == 0 ? "true" : Quoted(Text(random)),
            _ => Number(random),
        };
        return new PropertyCondition(Path(random, fanOut: false), op, value is null ? null : AudienceTextTests.Json(value));
    }

    private static EventWindow? RandomWindow(Random random)
    {
        var day = new DateOnly(2026, 1, 1).AddDays(random.Next(-400, 400));
        return random.Next(4) switch
        {
            0 => null,
            1 => new RelativeWindow(RandomLength(random)),
            2 => new DateWindow(day, day.AddDays(random.Next(0, 60))),
            _ => new DateWindow(day, null),
        };
    }

    private static TimeSpan RandomLength(Random random) => random.Next(2) == 0
        ? TimeSpan.FromDays(random.Next(1, 3651))
        : TimeSpan.FromHours(((string[])["1", "12", "23", "25", "8759"]).Select(int.Parse).ElementAt(random.Next(5)));

    private static string Path(Random random, bool fanOut)
    {
        if (random.Next(5) == 0)
        {
            return "商品 " + Words[random.Next(Words.Length)]; // not a word: printed quoted
        }

        var parts = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Words[random.Next(Words.Length)] + (fanOut && random.Next(4) == 0 ? "[]" : ""));
        return string.Join('.', parts);
    }

    private static string Name(Random random) => "t_" + random.Next(1000).ToString(CultureInfo.InvariantCulture);

    private static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private static string Number(Random random) => random.Next(4) switch
    {
        0 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        1 => (random.Next(1, 100_000) / 100.0).ToString(CultureInfo.InvariantCulture),
        2 => "1e3",
        _ => "-2.5E-7",
    };

    private static string Quoted(string text) => JsonSerializer.Serialize(text);
}
