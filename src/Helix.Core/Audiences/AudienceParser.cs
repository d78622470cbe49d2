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
