namespace Helix.Core.Collect;

/// <summary>A batch item that was refused, with every reason.</summary>
public sealed record RejectedItem(int Index, string? MessageId, IReadOnlyList<FieldError> Errors, bool TooLarge);
