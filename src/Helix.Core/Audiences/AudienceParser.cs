using System.Buffers;
using System.Text.Json;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// The text form's recursive-descent parser: or over and over not over primaries, one method per rule of the
/// grammar in docs/audiences.md. It stops at the first error (every method returns null once one is recorded),
/// and bounds its own recursion by <see cref="AudienceLimits.MaxDepth"/>, so no input can overflow the stack.
/// </summary>
internal sealed partial class AudienceParser
{
    private const string ConditionHint = "trait(\"city\") = \"上海\" and did(\"Order Completed\", within 30d)";
    private const string DepthHint = "save a part as a segment and refer to it: in segment(\"high_value\")";
    private const string TagHint = "tag(\"rfm\") = \"important_value\"";
    private const string SegmentHint = "in segment(\"high_value\")";

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "has", "tag", "trait", "computed", "segment", "did", "where", "then", "within", "between", "since",
        "count", "sum", "avg", "min", "max", "exists", "contains", "before", "after", "true", "false", "null",
    };

    private static readonly HashSet<string> ComparisonWords = new(StringComparer.Ordinal) { "in", "not", "exists", "contains", "between", "before", "after" };

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _position;
    private int _nesting;
    private int _tests;
    private AudienceSyntaxError? _error;

    private AudienceParser(string text, List<Token> tokens) => (_text, _tokens) = (text, tokens);

    private Token Current => _tokens[_position];

    public static AudienceTextResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > AudienceLimits.MaxTextLength)
        {
            return new(null, AudienceSyntaxError.At(text, AudienceLimits.MaxTextLength, $"the text is longer than {AudienceLimits.MaxTextLength} characters", DepthHint));
        }

        var (tokens, error) = AudienceLexer.Tokenize(text);
        if (error is not null)
        {
            return new(null, error);
        }

        var parser = new AudienceParser(text, tokens!);
        if (parser.Current.Kind == TokenKind.End)
        {
            parser.Fail(parser.Current, "the condition is empty", ConditionHint);
        }
        else if (parser.ParseOr() is { } parsed)
        {
            if (parser.Current.Kind == TokenKind.End)
            {
                return new(parsed.Node, null);
            }

            parser.Trailing(parsed);
        }

        return new(null, parser._error);
    }

    private void Trailing(Parsed parsed)
    {
        var at = Current;
        if (LowerCaseKeyword(at))
        {
            return;
        }

        var (message, hint) = at switch
        {
            { Kind: TokenKind.RightParen } => ("this ) closes no (", ConditionHint),
            _ when at.Is("within") && parsed.Node is EventCondition => ("a did's window goes inside its parentheses", "did(\"Order Completed\", within 30d)"),
            _ when at.Is("then") => ("then follows a did(…): it starts a sequence", "did(\"Product Viewed\") then did(\"Order Completed\") within 7d"),
            _ => ($"expected and, or, or the end of the condition, found {Describe(at)}", ConditionHint),
        };
        Fail(at, message, hint);
    }

    private Parsed? ParseOr() => ParseChain("or", ParseAnd, items => new AnyCondition(items));

    private Parsed? ParseAnd() => ParseChain("and", ParseUnary, items => new AllCondition(items));

    /// <summary><c>item { keyword item }</c>: one item is itself; several are one n-ary and/or.</summary>
    private Parsed? ParseChain(string keyword, Func<Parsed?> item, Func<List<Condition>, Condition> combine)
    {
        var start = Current;
        if (item() is not { } first)
        {
            return null;
        }

        var items = new List<Parsed> { first };
        while (AcceptWord(keyword))
        {
            if (item() is not { } next)
            {
                return null;
            }

            items.Add(next);
        }

        return items.Count == 1 ? first : Node(start, combine([.. items.Select(i => i.Node)]), 1 + items.Max(i => i.Height));
    }

    private Parsed? ParseUnary()
    {
        if (!Current.Is("not"))
        {
            return ParsePrimary();
        }

        var start = Advance();
        if (!Nest(start))
        {
            return null;
        }

        var inner = ParseUnary();
        _nesting--;
        return inner is { } negated ? Node(start, new NotCondition(negated.Node), negated.Height + 1) : null;
    }

    private Parsed? ParsePrimary()
    {
        var at = Current;
        if (at.Kind == TokenKind.LeftParen)
        {
            Advance();
            if (!Nest(at) || ParseOr() is not { } inner)
            {
                return null;
            }

            _nesting--;
            if (Current.Kind != TokenKind.RightParen)
            {
                var (line, column) = Position(at);
                Fail(Current, $"expected ) to close the ( at {line}:{column}, found {Describe(Current)}", "(tag(\"vip\") or tag(\"svip\")) and did(\"Order Completed\")");
                return null;
            }

            Advance();
            return inner;
        }

        switch (at.Kind == TokenKind.Word ? at.Text : "")
        {
            case "trait" or "computed":
                return ParseFact();
            case "tag":
                return ParseTag(membershipOnly: false);
            case "has":
                Advance();
                return Current.Is("tag") ? ParseTag(membershipOnly: true) : Fail(Current, "expected tag(\"name\") after has", "has tag(\"vip\")");
            case "segment":
                return ParseSegment();
            case "in":
                Advance();
                return Current.Is("segment") ? ParseSegment() : Fail(Current, "expected segment(\"name\") after in", SegmentHint);
            case "did":
                return ParseEvent();
        }

        if (LowerCaseKeyword(at))
        {
            return null;
        }

        var message = at.Kind == TokenKind.End
            ? "expected a condition, but the text ends here"
            : $"expected a condition such as trait(…), tag(…), did(…) or in segment(…), found {Describe(at)}";
        return Fail(at, message, ConditionHint);
    }

    private Parsed? ParseFact()
    {
        var keyword = Advance();
        var source = keyword.Text == "trait" ? FactSource.Trait : FactSource.Computed;
        var example = source == FactSource.Trait ? "trait(\"city\") = \"上海\"" : "computed(\"orders_90d\") >= 2";
        if (QuotedArgument(keyword.Text, example) is not var (name, nameAt))
        {
            return null;
        }

        if (name.Length is 0 or > 128)
        {
            return Fail(nameAt, $"a {(source == FactSource.Trait ? "trait" : "computed trait")}'s name is 1 to 128 characters", example);
        }

        if (ParseComparison(example) is not var (_, op, value, valueAt))
        {
            return null;
        }

        if ((TagSpec.OperandProblem(op, value is not null, value.GetValueOrDefault()) ?? (value is { } v ? AudienceSpec.ValueProblem(v) : null)) is { } problem)
        {
            return Fail(valueAt, $"the value {problem}", OperatorExample(op) ?? example);
        }

        return Node(keyword, new FactCondition(new FactRef(source, name), op, value), 1);
    }

    private Parsed? ParseTag(bool membershipOnly)
    {
        var keyword = Advance();
        if (QuotedArgument("tag", TagHint) is not var (name, nameAt))
        {
            return null;
        }

        if (!TagSpec.IsValidName(name))
        {
            return Fail(nameAt, "a tag name is lower-case snake case starting with a letter, at most 64 characters", TagHint);
        }

        if (membershipOnly || !StartsComparison(Current))
        {
            return Node(keyword, new TagReferenceCondition(name, null, []), 1);
        }

        if (ParseComparison(TagHint) is not var (opAt, op, value, valueAt))
        {
            return null;
        }

        if (op is not (ConditionOp.Eq or ConditionOp.Ne or ConditionOp.In))
        {
            return Fail(opAt, "a tag's value is compared with =, != or in; has tag(\"name\") tests membership", TagHint);
        }

        var values = value!.Value.ValueKind == JsonValueKind.Array ? [.. value.Value.EnumerateArray()] : new[] { value.Value };
        if (values.Any(v => v.ValueKind != JsonValueKind.String) || values.Length > AudienceLimits.MaxListValues)
        {
            return Fail(valueAt, $"a tag's value is a text in double quotes (in takes 1 to {AudienceLimits.MaxListValues})", TagHint);
        }

        return Node(keyword, new TagReferenceCondition(name, op, [.. values.Select(v => v.GetString()!)]), 1);
    }

    private Parsed? ParseSegment()
    {
        var keyword = Advance();
        if (QuotedArgument("segment", SegmentHint) is not var (name, nameAt))
        {
            return null;
        }

        return TagSpec.IsValidName(name)
            ? Node(keyword, new SegmentReferenceCondition(name), 1)
            : Fail(nameAt, "a segment name is lower-case snake case starting with a letter, at most 64 characters", SegmentHint);
    }

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

    /// <summary>Checks a new node against the limits: its height against the depth bound, and a test against the count of tests.</summary>
    private Parsed? Node(Token at, Condition node, int height)
    {
        if (height > AudienceLimits.MaxDepth)
        {
            return Fail(at, $"the condition nests deeper than {AudienceLimits.MaxDepth} levels", DepthHint);
        }

        return height == 1 && ++_tests > AudienceLimits.MaxTests
            ? Fail(at, $"the condition has more than {AudienceLimits.MaxTests} tests", DepthHint)
            : new Parsed(node, height);
    }

    private bool Nest(Token at)
    {
        if (++_nesting <= AudienceLimits.MaxDepth)
        {
            return true;
        }

        Fail(at, $"the condition nests deeper than {AudienceLimits.MaxDepth} levels", DepthHint);
        return false;
    }

    private bool LowerCaseKeyword(Token at)
    {
        var lower = at.Kind == TokenKind.Word ? at.Text.ToLowerInvariant() : null;
        if (lower is null || lower == at.Text || !Keywords.Contains(lower))
        {
            return false;
        }

        Fail(at, $"keywords are lower case: write {lower}", ConditionHint);
        return true;
    }

    private Token Advance()
    {
        var token = Current;
        if (token.Kind != TokenKind.End)
        {
            _position++;
        }

        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private bool AcceptWord(string word)
    {
        if (!Current.Is(word))
        {
            return false;
        }

        Advance();
        return true;
    }

    private bool Expect(TokenKind kind, string message, string hint)
    {
        if (Accept(kind))
        {
            return true;
        }

        Fail(Current, message, hint);
        return false;
    }

    /// <summary>Records the first error (later ones are consequences of it) and returns null for the caller to pass on.</summary>
    private Parsed? Fail(Token at, string message, string hint)
    {
        _error ??= AudienceSyntaxError.At(_text, at.Offset, message, hint);
        return null;
    }

    private (int Line, int Column) Position(Token at)
    {
        var position = AudienceSyntaxError.At(_text, at.Offset, "", "");
        return (position.Line, position.Column);
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the text",
        TokenKind.String => $"\"{Shorten(token.Text)}\"",
        _ => $"'{Shorten(token.Text)}'",
    };

    private static string Shorten(string text) => text.Length <= 24 ? text : string.Concat(text.AsSpan(0, 24), "…");

    private readonly record struct Parsed(Condition Node, int Height);
}
