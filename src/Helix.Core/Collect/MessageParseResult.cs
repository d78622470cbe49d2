namespace Helix.Core.Collect;

/// <summary>Either a message or the reasons it was refused; never both.</summary>
public sealed record MessageParseResult(CollectedMessage? Message, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Message is not null;

    public static MessageParseResult Valid(CollectedMessage message) => new(message, []);

    public static MessageParseResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);
}
