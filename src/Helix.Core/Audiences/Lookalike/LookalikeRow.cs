namespace Helix.Core.Audiences.Lookalike;

/// <summary>One person as the lookalike model sees them.</summary>
/// <param name="Numbers">Traits, computed traits and behaviour counts by name; a name the person lacks is absent, not 0.</param>
/// <param name="Categories">Facts such as <c>tag:rfm=important_value</c> or <c>trait:city=上海</c>; duplicates count once.</param>
public sealed record LookalikeRow(string PersonId, IReadOnlyDictionary<string, double> Numbers, IReadOnlyCollection<string> Categories);
