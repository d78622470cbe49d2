using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// The readable text form of an audience condition, for example
/// <c>tag("rfm") = "important_value" and did("Order Completed", count >= 2, within 30d)</c>. It round-trips with the
/// JSON form (<see cref="AudienceSpec"/>): both accept the same conditions, and Parse(Print(c)) equals c.
/// The grammar is in docs/audiences.md.
/// </summary>
public static class AudienceText
{
    /// <summary>The condition <paramref name="text"/> describes, or its first error with line, column and a hint. Does not throw on any input.</summary>
    public static AudienceTextResult Parse(string text) => AudienceParser.Parse(text);

    /// <summary>The canonical text of <paramref name="condition"/>: one line, minimal parentheses, a did's default count left out.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A condition type the language does not have, or an empty all/any.</exception>
    public static string Print(Condition condition) => AudiencePrinter.Print(condition);
}
