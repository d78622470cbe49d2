namespace Helix.Core.Collect;

/// <summary>A rejected field: a JSON path such as <c>batch[3].timestamp</c> and the reason in plain words.</summary>
public sealed record FieldError(string Field, string Reason);
