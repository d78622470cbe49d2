namespace Helix.Core.Audiences;

internal enum TokenKind
{
    End,
    Word,
    String,
    Number,
    Date,
    Duration,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}
