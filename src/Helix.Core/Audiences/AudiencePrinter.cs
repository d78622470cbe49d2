using System.Globalization;
using System.Text;
using System.Text.Json;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// The canonical text of a condition on one line. Parentheses only where precedence needs them (not binds tighter
/// than and, and tighter than or) and where an and holds an and (or an or an or): the parser keeps such nesting, so
/// printing it back keeps the tree. Names and texts are quoted with JSON's escapes; control, format and line
/// separator characters are escaped so nothing invisible hides in a definition; other characters (上海) stay as they are.
/// </summary>
internal static class AudiencePrinter
{
    public static string Print(Condition condition)
    {
        var text = new StringBuilder();
        Write(text, condition);
        return text.ToString();
    }

    private static void Write(StringBuilder text, Condition condition)
    {
        switch (Unwrap(condition))
        {
            case AllCondition all:
                Join(text, all.Conditions, " and ", c => c is AllCondition or AnyCondition);
                break;
            case AnyCondition any:
                Join(text, any.Conditions, " or ", c => c is AnyCondition);
                break;
            case NotCondition not:
                text.Append("not ");
                Grouped(text, not.Condition, Unwrap(not.Condition) is AllCondition or AnyCondition);
                break;
            case FactCondition fact:
                text.Append(fact.Fact.Source == FactSource.Trait ? "trait(" : "computed(");
                Quote(text, fact.Fact.Name).Append(')');
                Comparison(text, fact.Op, fact.Value);
                break;
            case TagReferenceCondition tag:
                text.Append(tag.Op is null ? "has tag(" : "tag(");
                Quote(text, tag.Tag).Append(')');
                if (tag.Op is { } op)
                {
                    text.Append(' ').Append(Symbol(op)).Append(' ');
                    if (op == ConditionOp.In)
                    {
                        List(text, tag.Values, (t, v) => Quote(t, v));
                    }
                    else
                    {
                        Quote(text, tag.Values[0]);
                    }
                }

                break;
            case SegmentReferenceCondition segment:
                Quote(text.Append("in segment("), segment.Segment).Append(')');
                break;
            case EventCondition did:
                Did(text, did.Filter, did.AtLeastOnce ? null : did, did.Window);
                break;
            case SequenceCondition sequence:
                for (var i = 0; i < sequence.Steps.Count; i++)
                {
                    text.Append(i == 0 ? "" : sequence.LastAbsent && i == sequence.Steps.Count - 1 ? " then not " : " then ");
                    Did(text, sequence.Steps[i], null, i == 0 ? sequence.Window : null);
                }

                if (sequence.Within is { } within)
                {
                    text.Append(" within ").Append(ComputedTraitSpec.FormatWindow(within));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition, "not an audience condition");
        }
    }

    /// <summary>A one-item all or any is its item; an empty one has no text.</summary>
    private static Condition Unwrap(Condition condition)
    {
        while (true)
        {
            var items = condition switch
            {
                AllCondition all => all.Conditions,
                AnyCondition any => any.Conditions,
                _ => null,
            };
            if (items is null || items.Count > 1)
            {
                return condition;
            }

            condition = items.Count == 1 ? items[0] : throw new ArgumentOutOfRangeException(nameof(condition), condition, "an empty all or any has no meaning");
        }
    }

    private static void Join(StringBuilder text, IReadOnlyList<Condition> items, string separator, Func<Condition, bool> needsParentheses)
    {
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(i == 0 ? "" : separator);
            Grouped(text, items[i], needsParentheses(Unwrap(items[i])));
        }
    }

    private static void Grouped(StringBuilder text, Condition condition, bool parentheses)
    {
        text.Append(parentheses ? "(" : "");
        Write(text, condition);
        text.Append(parentheses ? ")" : "");
    }

    private static void Comparison(StringBuilder text, ConditionOp op, JsonElement? value)
    {
        switch (op)
        {
            case ConditionOp.Exists:
                text.Append(" exists");
                return;
            case ConditionOp.NotExists:
                text.Append(" not exists");
                return;
            case ConditionOp.Between:
                Value(text.Append(" between "), value!.Value[0]);
                Value(text.Append(" and "), value.Value[1]);
                return;
            case ConditionOp.Before or ConditionOp.After when value is { ValueKind: JsonValueKind.String } day && AudienceLexer.IsDate(day.GetString()!):
                text.Append(' ').Append(Symbol(op)).Append(' ').Append(day.GetString());
                return;
            default:
                Value(text.Append(' ').Append(Symbol(op)).Append(' '), value!.Value);
                return;
        }
    }

    private static void Did(StringBuilder text, EventFilter filter, EventCondition? measure, EventWindow? window)
    {
        text.Append("did(");
        if (filter.Events.Count == 1)
        {
            Quote(text, filter.Events[0]);
        }
        else
        {
            List(text, filter.Events, (t, e) => Quote(t, e));
        }

        for (var i = 0; i < filter.Where.Count; i++)
        {
            var condition = filter.Where[i];
            text.Append(i == 0 ? " where " : " and ");
            Path(text, condition.Property);
            if (condition.Op == ConditionOp.Exists)
            {
                text.Append(condition.Value is { ValueKind: JsonValueKind.False } ? " not exists" : " exists");
            }
            else
            {
                Comparison(text, condition.Op, condition.Value);
            }
        }

        if (measure is not null)
        {
            text.Append(", ").Append(WireNames.Of(measure.Function));
            if (measure.Of is { } of)
            {
                Path(text.Append('('), of.Text["properties.".Length..]).Append(')');
            }

            text.Append(' ').Append(Symbol(measure.Op)).Append(' ').Append(measure.Threshold.ToString(CultureInfo.InvariantCulture));
        }

        switch (window)
        {
            case RelativeWindow relative:
                text.Append(", within ").Append(ComputedTraitSpec.FormatWindow(relative.Length));
                break;
            case DateWindow { To: { } to } range:
                text.Append(", between ").Append(DateWindow.FormatDay(range.From)).Append(" and ").Append(DateWindow.FormatDay(to));
                break;
            case DateWindow since:
                text.Append(", since ").Append(DateWindow.FormatDay(since.From));
                break;
        }

        text.Append(')');
    }

    /// <summary>A property path bare when every part is a word (<c>address.city</c>, <c>products[].price</c>), else quoted whole.</summary>
    private static StringBuilder Path(StringBuilder text, string path) =>
        path.Split('.').All(part => AudienceLexer.IsWord(part.EndsWith("[]", StringComparison.Ordinal) ? part[..^2] : part))
            ? text.Append(path)
            : Quote(text, path);

    private static void Value(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Quote(text, value.GetString()!);
                break;
            case JsonValueKind.Array:
                List(text, [.. value.EnumerateArray()], Value);
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }

    private static void List<T>(StringBuilder text, IReadOnlyList<T> items, Action<StringBuilder, T> write)
    {
        text.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            write(text.Append(i == 0 ? "" : ", "), items[i]);
        }

        text.Append(']');
    }

    private static string Symbol(ConditionOp op) => op switch
    {
        ConditionOp.Eq => "=",
        ConditionOp.Ne => "!=",
        ConditionOp.Gt => ">",
        ConditionOp.Gte => ">=",
        ConditionOp.Lt => "<",
        ConditionOp.Lte => "<=",
        ConditionOp.In => "in",
        ConditionOp.NotIn => "not in",
        ConditionOp.Contains => "contains",
        ConditionOp.Before => "before",
        ConditionOp.After => "after",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "has no infix symbol"),
    };

    private static StringBuilder Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            _ = rune.Value switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                _ when Invisible(rune) => Escaped(text, rune),
                _ => text.Append(rune.ToString()),
            };
        }

        return text.Append('"');
    }

    // EnumerateRunes turns a lone surrogate into U+FFFD; the parsers never produce one, so nothing is lost in practice.
    private static bool Invisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static StringBuilder Escaped(StringBuilder text, Rune rune)
    {
        Span<char> units = stackalloc char[2];
        var length = rune.EncodeToUtf16(units);
        foreach (var unit in units[..length])
        {
            text.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
        }

        return text;
    }
}
