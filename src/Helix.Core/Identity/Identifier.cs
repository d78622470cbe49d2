namespace Helix.Core.Identity;

/// <summary>One way a person is known: a type (<c>user_id</c>, <c>phone</c>…) and its value.</summary>
public readonly record struct Identifier(string Type, string Value)
{
    public override string ToString() => $"{Type}:{Value}";
}
