using System.Globalization;
using System.Text;

namespace Helix.Core.Audiences;

/// <summary>
/// Splits the text form into tokens. Words are Unicode letters, digits and <c>_</c> (so <c>类别</c> is a word);
/// texts are in straight double quotes with JSON's escapes; numbers follow JSON's grammar; <c>2026-01-01</c> (and
/// a date-time) is a date, <c>30d</c> a duration. Does not throw: any input gives tokens or one positioned error.
/// </summary>
internal static class AudienceLexer
{
    private const string StringHint = "trait(\"city\") = \"上海\"";

    public static (List<Token>? Tokens, AudienceSyntaxError? Error) Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new Token(TokenKind.End, i, ""));
                return (tokens, null);
            }

            var start = i;
            var (token, error) = text[i] switch
            {
                '"' => String(text, ref i),
                '-' or (>= '0' and <= '9') => Number(text, ref i),
                _ when IsWordStart(text, i) => Word(text, ref i),
                _ => Punctuation(text, ref i),
            };
            if (error is not null)
            {
                return (null, AudienceSyntaxError.At(text, error.Value.Offset, error.Value.Message, error.Value.Hint));
            }

            tokens.Add(token);
        }
    }

    /// <summary>True when <paramref name="text"/> is one word token, so a printer may leave it unquoted.</summary>
    public static bool IsWord(string text)
    {
        if (text.Length == 0 || !IsWordStart(text, 0))
        {
            return false;
        }

        var i = 0;
        SkipWord(text, ref i);
        return i == text.Length;
    }

    /// <summary>True when <paramref name="text"/> reads back as one date token.</summary>
    public static bool IsDate(string text)
    {
        var i = 0;
        if (!DateStart(text, 0))
        {
            return false;
        }

        SkipDate(text, ref i);
        return i == text.Length;
    }

    private static bool IsWordStart(string text, int i) =>
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) == System.Buffers.OperationStatus.Done && (Rune.IsLetter(rune) || rune.Value == '_');

    private static void SkipWord(string text, ref int i)
    {
        while (i < text.Length && Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) == System.Buffers.OperationStatus.Done
            && (Rune.IsLetterOrDigit(rune) || rune.Value == '_' || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
        {
            i += length;
        }
    }

    private static (Token, (int Offset, string Message, string Hint)?) Word(string text, ref int i)
    {
        var start = i;
        SkipWord(text, ref i);
        return (new Token(TokenKind.Word, start, text[start..i]), null);
    }

    private static (Token, (int Offset, string Message, string Hint)?) Punctuation(string text, ref int i)
    {
        var start = i;
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        var (kind, length) = text[i] switch
        {
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            ',' => (TokenKind.Comma, 1),
            '.' => (TokenKind.Dot, 1),
            '=' when next != '=' => (TokenKind.Eq, 1),
            '!' when next == '=' => (TokenKind.Ne, 2),
            '>' => next == '=' ? (TokenKind.Gte, 2) : (TokenKind.Gt, 1),
            '<' when next != '>' => next == '=' ? (TokenKind.Lte, 2) : (TokenKind.Lt, 1),
            _ => (TokenKind.End, 0),
        };
        if (length > 0)
        {
            i += length;
            return (new Token(kind, start, text.Substring(start, length)), null);
        }

        var (message, hint) = text[i] switch
        {
            '=' => ("write = to compare, not ==", "trait(\"city\") = \"上海\""),
            '<' => ("write != for 'not equal', not <>", "trait(\"city\") != \"上海\""),
            '!' => ("write not before a condition; ! only appears in !=", "not tag(\"vip\")"),
            '&' or '|' => ("write and, or instead of &&, ||", "tag(\"vip\") and did(\"Order Completed\")"),
            '\'' => ("texts are in double quotes, not single quotes", "tag(\"rfm\") = \"important_value\""),
            '“' or '”' or '„' or '＂' or '「' or '」' => ("texts are in straight double quotes \", not curly or full-width quotes", "trait(\"city\") = \"上海\""),
            '（' or '）' or '，' or '＝' or '！' or '＞' or '＜' or '［' or '］' => ("use half-width punctuation ( ) , = [ ] > <, not full-width", "did(\"Order Completed\", within 30d)"),
            _ => ($"unexpected character {Describe(text, i)}", "trait(\"city\") = \"上海\" and did(\"Order Completed\", within 30d)"),
        };
        return (default, (start, message, hint));
    }

    private static string Describe(string text, int i) =>
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) != System.Buffers.OperationStatus.Done
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)text[i]:X4} (half of a surrogate pair: not valid Unicode)")
            : Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
                ? string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}")
                : $"'{rune}'";

    private static (Token, (int Offset, string Message, string Hint)?) String(string text, ref int i)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length && text[i] != '"')
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                break;
            }

            if (c < ' ')
            {
                return (default, (i, $"a text cannot hold the control character U+{(int)c:X4}; write it as an escape such as \\t", "\"tab\\there\""));
            }

            if (c == '\\')
            {
                var escapeAt = i;
                if (Escape(text, ref i, value) is { } problem)
                {
                    return (default, (escapeAt, problem, "\"say \\\"hi\\\"\\n\" (escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
                }
            }
            else if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return (default, (i, "a text holds half of a surrogate pair: not valid Unicode", StringHint));
                }

                value.Append(c).Append(text[i + 1]);
                i += 2;
            }
            else
            {
                value.Append(c);
                i++;
            }

            if (value.Length > AudienceLimits.MaxStringLength)
            {
                return (default, (start, $"a text is longer than {AudienceLimits.MaxStringLength} characters", StringHint));
            }
        }

        if (i >= text.Length || text[i] != '"')
        {
            return (default, (start, "this text is not closed: a \" is missing before the end of the line", StringHint));
        }

        i++;
        return (new Token(TokenKind.String, start, value.ToString()), null);
    }

    /// <summary>Reads the escape at <paramref name="i"/> into <paramref name="value"/>; a surrogate pair must be two \u escapes in a row.</summary>
    private static string? Escape(string text, ref int i, StringBuilder value)
    {
        var kind = i + 1 < text.Length ? text[i + 1] : '\0';
        var simple = kind switch
        {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => '\0',
        };
        if (simple != '\0')
        {
            value.Append(simple);
            i += 2;
            return null;
        }

        if (kind != 'u')
        {
            return "unknown escape: a \\ starts one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX";
        }

        if (Hex(text, i + 2) is not { } unit)
        {
            return "\\u takes four hex digits, such as \\u4E0A";
        }

        i += 6;
        if (!char.IsSurrogate(unit))
        {
            value.Append(unit);
            return null;
        }

        if (char.IsHighSurrogate(unit) && i + 1 < text.Length && text[i] == '\\' && text[i + 1] == 'u' && Hex(text, i + 2) is { } low && char.IsLowSurrogate(low))
        {
            value.Append(unit).Append(low);
            i += 6;
            return null;
        }

        return "a \\u escape is half of a surrogate pair: write both halves, such as \\uD83D\\uDE00";
    }

    private static char? Hex(string text, int at) =>
        at + 4 <= text.Length && ushort.TryParse(text.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit) ? (char)unit : null;

    /// <summary>A number in JSON's grammar, a date (<c>2026-01-01</c>, four digits and a dash) or a duration (<c>30d</c>).</summary>
    private static (Token, (int Offset, string Message, string Hint)?) Number(string text, ref int i)
    {
        var start = i;
        if (DateStart(text, i))
        {
            SkipDate(text, ref i);
            return (new Token(TokenKind.Date, start, text[start..i]), null);
        }

        if (text[i] == '-')
        {
            i++;
        }

        var digits = Digits(text, ref i);
        if (digits == 0)
        {
            return (default, (start, "a - starts a negative number such as -5", "trait(\"balance\") > -5"));
        }

        if (digits > 1 && text[i - digits] == '0')
        {
            return (default, (start, "a number does not start with 0; a code with leading zeros is a text", "trait(\"zip\") = \"02134\""));
        }

        var whole = true;
        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            Digits(text, ref i);
            whole = false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var mark = i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (Digits(text, ref i) == 0)
            {
                i = mark;
            }
            else
            {
                whole = false;
            }
        }

        if (i < text.Length && IsWordStart(text, i))
        {
            if (!whole || text[start] == '-')
            {
                return (default, (start, "a number runs into letters; a window is a whole number and d or h, such as 30d", "did(\"Order Completed\", within 30d)"));
            }

            SkipWord(text, ref i);
            return (new Token(TokenKind.Duration, start, text[start..i]), null);
        }

        return (new Token(TokenKind.Number, start, text[start..i]), null);
    }

    private static int Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool DateStart(string text, int i) =>
        i + 5 <= text.Length && char.IsAsciiDigit(text[i]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3]) && text[i + 4] == '-';

    /// <summary>Skips the characters a date or date-time is written with: digits, - : . + T Z.</summary>
    private static void SkipDate(string text, ref int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '-' or ':' or '.' or '+' or 'T' or 'Z'))
        {
            i++;
        }
    }
}
