using System.Text;

namespace Helix.Core.Audiences;

/// <summary>
/// Why a text form does not parse, and where: <see cref="Line"/> and <see cref="Column"/> count from 1, a column
/// in characters as a person sees them (一 and 😀 are one each); <see cref="Offset"/> is the UTF-16 index an editor
/// highlights from. <see cref="Hint"/> is a correct example of what was expected.
/// </summary>
public sealed record AudienceSyntaxError(int Line, int Column, int Offset, string Message, string Hint)
{
    /// <summary>The error at UTF-16 index <paramref name="offset"/> of <paramref name="text"/> (clamped to the text).</summary>
    public static AudienceSyntaxError At(string text, int offset, string message, string hint)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var (line, column) = (1, 1);
        for (var i = 0; i < offset; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                (line, column) = (line + 1, 1);
            }
            else if (c != '\r' && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                column++;
            }
        }

        return new AudienceSyntaxError(line, column, offset, message, hint);
    }

    /// <summary><c>1:27 expected a window such as 30d after 'within' — hint: did("Order Completed", within 30d)</c>.</summary>
    public override string ToString() => new StringBuilder().Append(Line).Append(':').Append(Column).Append(' ').Append(Message).Append(" — hint: ").Append(Hint).ToString();
}
