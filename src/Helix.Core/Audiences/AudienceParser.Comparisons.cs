using System.Buffers;
using System.Text.Json;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>The parser's comparisons and their values: operators, scalars, lists and the JSON they become.</summary>
internal sealed partial class AudienceParser
{
    /// <summary>
    /// <c>= v</c>, <c>!= v</c>, <c>&gt; v</c> …, <c>in [..]</c>, <c>not in [..]</c>, <c>exists</c>, <c>not exists</c>,
    /// <c>contains v</c>, <c>between a and b</c>, <c>before d</c>, <c>after d</c>; <c>= null</c> and <c>!= null</c>
    /// are notExists and exists. Returns where the operator and the value start, for errors about them.
    /// </summary>
    private (Token OpAt, ConditionOp Op, JsonElement? Value, Token ValueAt)? ParseComparison(string example)
    {
        var at = Current;
        var symbol = Symbol(at.Kind);
        var word = at.Kind == TokenKind.Word && ComparisonWords.Contains(at.Text) ? at.Text : null;
        if (symbol is null && word is null)
        {
            Fail(at, $"expected a comparison such as = \"上海\", > 100, in [...] or exists, found {Describe(at)}", example);
            return null;
        }

        Advance();
        if (word == "not")
        {
            word = Current.Is("in") ? "not in" : Current.Is("exists") ? "not exists" : null;
            if (word is null)
            {
                Fail(Current, "expected in or exists after not", "trait(\"email\") not exists");
                return null;
            }

            Advance();
        }

        var valueAt = Current;
        switch (symbol, word)
        {
            case ({ } op, _) when op is ConditionOp.Eq or ConditionOp.Ne && valueAt.Is("null"):
                Advance();
                return (at, op == ConditionOp.Eq ? ConditionOp.NotExists : ConditionOp.Exists, null, valueAt);
            case ({ } op, _):
                return Scalar(example) is { } scalar ? (at, op, Element([scalar], array: false), valueAt) : null;
            case (_, "exists"):
                return (at, ConditionOp.Exists, null, at);
            case (_, "not exists"):
                return (at, ConditionOp.NotExists, null, at);
            case (_, "in" or "not in"):
                return List(example) is { } list ? (at, word == "in" ? ConditionOp.In : ConditionOp.NotIn, list, valueAt) : null;
            case (_, "between"):
                if (Scalar(example) is not { } low)
                {
                    return null;
                }

                if (!Current.Is("and"))
                {
                    Fail(Current, "expected and between the two bounds", "trait(\"age\") between 18 and 30");
                    return null;
                }

                Advance();
                return Scalar(example) is { } high ? (at, ConditionOp.Between, Element([low, high], array: true), valueAt) : null;
            default:
                var wordOp = word == "contains" ? ConditionOp.Contains : word == "before" ? ConditionOp.Before : ConditionOp.After;
                return Scalar(example) is { } single ? (at, wordOp, Element([single], array: false), valueAt) : null;
        }
    }

    /// <summary>A literal: a text, a number, a date (read as a text), true or false.</summary>
    private Token? Scalar(string example)
    {
        var at = Current;
        if (at.Kind is TokenKind.String or TokenKind.Number or TokenKind.Date || at.Is("true") || at.Is("false"))
        {
            return Advance();
        }

        var (message, hint) = at switch
        {
            _ when at.Is("null") => ("null only follows = or !=: = null means the value does not exist", "trait(\"email\") = null"),
            { Kind: TokenKind.LeftBracket } => ("a list goes with in or not in", "trait(\"tier\") in [\"金卡\", \"黑金\"]"),
            _ => ($"expected a value: a text in double quotes, a number, true, false or a date, found {Describe(at)}", example),
        };
        Fail(at, message, hint);
        return null;
    }

    private JsonElement? List(string example)
    {
        var open = Current;
        if (open.Kind != TokenKind.LeftBracket)
        {
            Fail(open, $"expected a list in [ ], found {Describe(open)}", "trait(\"tier\") in [\"金卡\", \"黑金\"]");
            return null;
        }

        Advance();
        if (Current.Kind == TokenKind.RightBracket)
        {
            Fail(Current, "a list holds at least one value", "trait(\"tier\") in [\"金卡\", \"黑金\"]");
            return null;
        }

        var items = new List<Token>();
        do
        {
            if (Scalar(example) is not { } item)
            {
                return null;
            }

            items.Add(item);
        }
        while (Accept(TokenKind.Comma));

        if (Current.Kind != TokenKind.RightBracket)
        {
            Fail(Current, $"expected , or ] in the list, found {Describe(Current)}", "trait(\"tier\") in [\"金卡\", \"黑金\"]");
            return null;
        }

        Advance();
        return Element(items, array: true);
    }

    private static JsonElement Element(IReadOnlyList<Token> literals, bool array)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (array)
            {
                writer.WriteStartArray();
            }

            foreach (var literal in literals)
            {
                switch (literal.Kind)
                {
                    case TokenKind.Number:
                        writer.WriteRawValue(literal.Text);
                        break;
                    case TokenKind.Word:
                        writer.WriteBooleanValue(literal.Text == "true");
                        break;
                    default:
                        writer.WriteStringValue(literal.Text);
                        break;
                }
            }

            if (array)
            {
                writer.WriteEndArray();
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private (string Value, Token At)? QuotedArgument(string function, string example)
    {
        if (!Expect(TokenKind.LeftParen, $"expected ( after {function}", example))
        {
            return null;
        }

        var at = Current;
        if (at.Kind != TokenKind.String)
        {
            Fail(at, $"expected a name in double quotes inside {function}(…), found {Describe(at)}", example);
            return null;
        }

        Advance();
        return Expect(TokenKind.RightParen, $"expected ) after the name in {function}(…), found {Describe(Current)}", example) ? (at.Text, at) : null;
    }

    /// <summary>The operator an operator token stands for: = != &gt; &gt;= &lt; &lt;=.</summary>
    private static ConditionOp? Symbol(TokenKind kind) => kind switch
    {
        TokenKind.Eq => ConditionOp.Eq,
        TokenKind.Ne => ConditionOp.Ne,
        TokenKind.Gt => ConditionOp.Gt,
        TokenKind.Gte => ConditionOp.Gte,
        TokenKind.Lt => ConditionOp.Lt,
        TokenKind.Lte => ConditionOp.Lte,
        _ => null,
    };

    private static string? OperatorExample(ConditionOp op) => op switch
    {
        ConditionOp.Between => "trait(\"age\") between 18 and 30",
        ConditionOp.In or ConditionOp.NotIn => "trait(\"tier\") in [\"金卡\", \"黑金\"]",
        ConditionOp.Before or ConditionOp.After => "trait(\"first_seen\") after 2026-01-01",
        _ => null,
    };

    private static bool StartsComparison(Token token) =>
        Symbol(token.Kind) is not null || (token.Kind == TokenKind.Word && ComparisonWords.Contains(token.Text));
}
