namespace Helix.Core.Collect;

/// <summary>
/// A batch is all-or-nothing: it is stored only when <see cref="Rejected"/> and <see cref="Errors"/> are
/// empty. A half-stored batch would leave the client unable to tell what to resend.
/// </summary>
public sealed record BatchParseResult(
    IReadOnlyList<CollectedMessage> Messages,
    IReadOnlyList<RejectedItem> Rejected,
    IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Rejected.Count == 0 && Errors.Count == 0;

    public bool HasOversizedItem => Rejected.Any(r => r.TooLarge);
}
