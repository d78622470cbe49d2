using System.Globalization;
using System.Text;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>Event conditions: <c>did(event [where …] [, measure] [, window])</c> and sequences of them joined by <c>then</c>.</summary>
internal sealed partial class AudienceParser
{
    private const string DidHint = "did(\"Order Completed\", count >= 2, within 30d)";
    private const string WhereHint = "did(\"Product Viewed\" where category = \"snacks\", within 3d)";
    private const string MeasureHint = "did(\"Order Completed\", sum(total) >= 500, within 90d)";
    private const string SequenceHint = "did(\"Product Viewed\") then did(\"Order Completed\") within 7d";
    private const string AbsentHint = "did(\"Product Viewed\") then not did(\"Order Completed\") within 3d";
    private const string DayHint = "did(\"Order Completed\", between 2026-11-01 and 2026-11-11)";

    private static readonly Dictionary<string, AggregateFunction> Measures = new(StringComparer.Ordinal)
    {
        ["count"] = AggregateFunction.Count,
        ["sum"] = AggregateFunction.Sum,
        ["avg"] = AggregateFunction.Avg,
        ["min"] = AggregateFunction.Min,
        ["max"] = AggregateFunction.Max,
    };

    private Parsed? ParseEvent()
    {
        var start = Current;
        if (ParseDid() is not { } first)
        {
            return null;
        }

        if (!Current.Is("then"))
        {
            return Node(start, new EventCondition(first.Filter, first.Function, first.Of, first.Op, first.Threshold, first.Window), 1);
        }

        if (first.MeasureAt is { } measureAt)
        {
            return Fail(measureAt, "a sequence step is one event: count, sum, avg, min and max do not apply", SequenceHint);
        }

        var steps = new List<EventFilter> { first.Filter };
        var absent = false;
        while (Current.Is("then"))
        {
            var then = Advance();
            if (absent)
            {
                return Fail(then, "only the last step of a sequence can be not did(…)", AbsentHint);
            }

            if (steps.Count == AudienceLimits.MaxSteps)
            {
                return Fail(then, $"a sequence has at most {AudienceLimits.MaxSteps} steps", SequenceHint);
            }

            absent = Current.Is("not");
            if (absent)
            {
                Advance();
            }

            if (!Current.Is("did"))
            {
                return Fail(Current, $"expected did(…) after then, found {Describe(Current)}", SequenceHint);
            }

            if (ParseDid() is not { } step)
            {
                return null;
            }

            if (step.MeasureAt is { } stepMeasure)
            {
                return Fail(stepMeasure, "a sequence step is one event: count, sum, avg, min and max do not apply", SequenceHint);
            }

            if (step.WindowAt is { } stepWindow)
            {
                return Fail(stepWindow, "only the first step of a sequence takes a window: it bounds when the sequence starts", "did(\"Product Viewed\", within 30d) then did(\"Order Completed\") within 7d");
            }

            steps.Add(step.Filter);
        }

        TimeSpan? within = null;
        if (Current.Is("within"))
        {
            Advance();
            if (Duration() is not { } length)
            {
                return null;
            }

            within = length;
        }
        else if (absent)
        {
            return Fail(Current, "a sequence ending in not did(…) needs within: how long after the first step the event must not happen", AbsentHint);
        }

        return Node(start, new SequenceCondition(steps, absent, within, first.Window), 1);
    }

    private DidCall? ParseDid()
    {
        var at = Advance();
        if (!Expect(TokenKind.LeftParen, "expected ( after did", DidHint) || EventNames() is not { } events)
        {
            return null;
        }

        IReadOnlyList<PropertyCondition>? where = Current.Is("where") ? Where() : [];
        if (where is null)
        {
            return null;
        }

        var call = new DidCall(new EventFilter(MessageType.Track, events, where), AggregateFunction.Count, null, ConditionOp.Gte, 1, null, null, null);
        while (Accept(TokenKind.Comma))
        {
            var arg = Current;
            if (arg.Kind == TokenKind.Word && Measures.ContainsKey(arg.Text))
            {
                if (call.MeasureAt is not null)
                {
                    Fail(arg, "a did has one count, sum, avg, min or max", DidHint);
                    return null;
                }

                if (Measure() is not var (function, of, op, threshold))
                {
                    return null;
                }

                call = call with { Function = function, Of = of, Op = op, Threshold = threshold, MeasureAt = arg };
            }
            else if (arg.Is("within") || arg.Is("between") || arg.Is("since"))
            {
                if (call.WindowAt is not null)
                {
                    Fail(arg, "a did has one window: within, between or since", DidHint);
                    return null;
                }

                if (Window() is not { } window)
                {
                    return null;
                }

                call = call with { Window = window, WindowAt = arg };
            }
            else
            {
                var (message, hint) = arg.Is("where")
                    ? ("where comes right after the event name, before any comma", WhereHint)
                    : ($"expected count, sum(…), avg(…), min(…), max(…), within, between or since after the comma, found {Describe(arg)}", DidHint);
                Fail(arg, message, hint);
                return null;
            }
        }

        if (Current.Kind != TokenKind.RightParen)
        {
            var (line, column) = Position(at);
            Fail(Current, $"expected , or ) to close the did( at {line}:{column}, found {Describe(Current)}", DidHint);
            return null;
        }

        Advance();
        return call;
    }

    private string[]? EventNames()
    {
        var names = new List<Token>();
        if (Current.Kind == TokenKind.String)
        {
            names.Add(Advance());
        }
        else if (Accept(TokenKind.LeftBracket))
        {
            do
            {
                if (Current.Kind != TokenKind.String)
                {
                    Fail(Current, $"expected an event name in double quotes, found {Describe(Current)}", "did([\"Order Completed\", \"Order Paid\"])");
                    return null;
                }

                names.Add(Advance());
            }
            while (Accept(TokenKind.Comma));

            if (!Expect(TokenKind.RightBracket, $"expected , or ] in the list of events, found {Describe(Current)}", "did([\"Order Completed\", \"Order Paid\"])"))
            {
                return null;
            }
        }
        else
        {
            Fail(Current, $"expected the event name in double quotes, found {Describe(Current)}", DidHint);
            return null;
        }

        if (names.Count > AudienceLimits.MaxEvents)
        {
            Fail(names[AudienceLimits.MaxEvents], $"a did matches at most {AudienceLimits.MaxEvents} event names", DidHint);
            return null;
        }

        if (names.FirstOrDefault(n => n.Text.Length is 0 or > ComputedTraitSpec.MaxEventNameLength) is { Kind: TokenKind.String } bad)
        {
            Fail(bad, $"an event name is 1 to {ComputedTraitSpec.MaxEventNameLength} characters", DidHint);
            return null;
        }

        return [.. names.Select(n => n.Text)];
    }

    /// <summary><c>where p op v and p op v …</c>: the operators of a computed trait's filter, plus <c>not exists</c> and <c>= null</c>.</summary>
    private List<PropertyCondition>? Where()
    {
        Advance();
        var conditions = new List<PropertyCondition>();
        do
        {
            var at = Current;
            if (conditions.Count == AudienceLimits.MaxWhere)
            {
                Fail(at, $"a where has at most {AudienceLimits.MaxWhere} property tests", WhereHint);
                return null;
            }

            if (PropertyPath(fanOut: false) is not { } property)
            {
                return null;
            }

            if (!ComputedTraitSpec.IsPropertyPath(property))
            {
                Fail(at, "a property is a name under properties, dotted for nested objects, such as address.city", WhereHint);
                return null;
            }

            if (ParseComparison(WhereHint) is not var (opAt, op, value, valueAt))
            {
                return null;
            }

            if (op == ConditionOp.NotExists)
            {
                (op, value) = (ConditionOp.Exists, JsonSerializer.SerializeToElement(false));
            }

            if (!PropertyCondition.Operators.Contains(op))
            {
                Fail(opAt, "an event property is compared with =, !=, >, >=, <, <=, in, exists or not exists", WhereHint);
                return null;
            }

            if ((ComputedTraitSpec.OperandProblem(op, value) ?? (value is { } v ? AudienceSpec.ValueProblem(v) : null)) is { } problem)
            {
                Fail(valueAt, $"the value {problem}", WhereHint);
                return null;
            }

            conditions.Add(new PropertyCondition(property, op, value));
        }
        while (AcceptWord("and"));

        return conditions;
    }

    /// <summary>
    /// A property path: words joined by dots (any word, keywords included: the position says it is a property), or one
    /// text holding the whole dotted path. With <paramref name="fanOut"/>, a word may end in <c>[]</c> (every array item).
    /// </summary>
    private string? PropertyPath(bool fanOut)
    {
        if (Current.Kind == TokenKind.String)
        {
            return Advance().Text;
        }

        var path = new StringBuilder();
        while (true)
        {
            if (Current.Kind != TokenKind.Word)
            {
                Fail(Current, $"expected a property name, found {Describe(Current)}; quote a name that is not a word: \"商品 类别\"", fanOut ? MeasureHint : WhereHint);
                return null;
            }

            path.Append(Advance().Text);
            if (fanOut && Current.Kind == TokenKind.LeftBracket && _tokens[_position + 1].Kind == TokenKind.RightBracket)
            {
                _position += 2;
                path.Append("[]");
            }

            if (!Accept(TokenKind.Dot))
            {
                return path.ToString();
            }

            path.Append('.');
        }
    }

    private (AggregateFunction Function, ValuePath? Of, ConditionOp Op, decimal Threshold)? Measure()
    {
        var keyword = Advance();
        var function = Measures[keyword.Text];
        ValuePath? of = null;
        if (function != AggregateFunction.Count)
        {
            if (!Expect(TokenKind.LeftParen, $"expected ( after {keyword.Text}: the property to fold, such as {keyword.Text}(total)", MeasureHint))
            {
                return null;
            }

            var pathAt = Current;
            if (PropertyPath(fanOut: true) is not { } path)
            {
                return null;
            }

            of = AudienceSpec.OfPath("properties." + path, out var reason);
            if (of is null)
            {
                Fail(pathAt, $"the property {reason}", MeasureHint);
                return null;
            }

            if (!Expect(TokenKind.RightParen, $"expected ) after the property, found {Describe(Current)}", MeasureHint))
            {
                return null;
            }
        }

        var opAt = Current;
        var op = Symbol(opAt.Kind);
        if (op is null)
        {
            Fail(opAt, $"expected =, !=, >, >=, < or <= after {keyword.Text}, found {Describe(opAt)}", function == AggregateFunction.Count ? DidHint : MeasureHint);
            return null;
        }

        Advance();
        var numberAt = Current;
        if (numberAt.Kind != TokenKind.Number)
        {
            Fail(numberAt, $"expected a number to compare {keyword.Text} with, found {Describe(numberAt)}", function == AggregateFunction.Count ? DidHint : MeasureHint);
            return null;
        }

        Advance();
        var problem = decimal.TryParse(numberAt.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            ? AudienceSpec.ThresholdProblem(function, threshold)
            : "is a number between -10^18 and 10^18";
        if (problem is not null)
        {
            Fail(numberAt, $"the {keyword.Text} threshold {problem}", function == AggregateFunction.Count ? DidHint : MeasureHint);
            return null;
        }

        return (function, of, op.Value, threshold);
    }

    private EventWindow? Window()
    {
        var keyword = Advance();
        if (keyword.Is("within"))
        {
            return Duration() is { } length ? new RelativeWindow(length) : null;
        }

        if (Day() is not { } from)
        {
            return null;
        }

        if (keyword.Is("since"))
        {
            return new DateWindow(from, null);
        }

        if (!Current.Is("and"))
        {
            Fail(Current, $"expected and after the first day, found {Describe(Current)}", DayHint);
            return null;
        }

        Advance();
        var toAt = Current;
        if (Day() is not { } to)
        {
            return null;
        }

        if (to < from)
        {
            Fail(toAt, "the last day is before the first", DayHint);
            return null;
        }

        return new DateWindow(from, to);
    }

    private TimeSpan? Duration()
    {
        var at = Current;
        if (at.Kind != TokenKind.Duration)
        {
            var unit = at.Kind == TokenKind.Number ? "; a window needs a unit, d or h" : "";
            Fail(at, $"expected a window such as 30d after 'within', found {Describe(at)}{unit}", "did(\"Order Completed\", within 30d)");
            return null;
        }

        Advance();
        if (ComputedTraitSpec.TryParseWindow(at.Text, out var reason) is { } length)
        {
            return length;
        }

        Fail(at, reason!.StartsWith("is ", StringComparison.Ordinal) ? $"the window {reason}" : reason, "did(\"Order Completed\", within 30d)");
        return null;
    }

    private DateOnly? Day()
    {
        var at = Current;
        if (at.Kind == TokenKind.Date && DateWindow.TryParseDay(at.Text, out var day))
        {
            Advance();
            return day;
        }

        Fail(at, $"expected a day such as 2026-01-01 (a window is whole days in workspace time), found {Describe(at)}", DayHint);
        return null;
    }

    private readonly record struct DidCall(
        EventFilter Filter, AggregateFunction Function, ValuePath? Of, ConditionOp Op, decimal Threshold, EventWindow? Window, Token? MeasureAt, Token? WindowAt);
}
