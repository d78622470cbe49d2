namespace Helix.Core.Tags;

/// <summary>A value tag's bucket: the person gets <see cref="Value"/> when <c>Min ≤ x</c> and, if given, <c>x &lt; Max</c>.</summary>
public sealed record TagBucket(string Value, double Min, double? Max);
