namespace Helix.Core.Audiences;

/// <summary>One token of the text form: <see cref="Text"/> is a string's decoded value, and the source text of any other token.</summary>
internal readonly record struct Token(TokenKind Kind, int Offset, string Text)
{
    public bool Is(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.Ordinal);
}
