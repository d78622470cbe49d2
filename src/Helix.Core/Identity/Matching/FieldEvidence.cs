using System.Globalization;

namespace Helix.Core.Identity.Matching;

/// <summary>What one field contributed to a pair's score, readable as "given_name: close (jw 0.95), +4.1 bits".</summary>
/// <param name="Similarity">The Jaro–Winkler similarity for Jaro–Winkler fields that were compared, else null.</param>
public sealed record FieldEvidence(string Field, ComparisonLevel Level, double? Similarity, double Bits)
{
    public override string ToString()
    {
        var similarity = Similarity is { } jw ? string.Create(CultureInfo.InvariantCulture, $" (jw {jw:0.00})") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Field}: {Level.ToString().ToLowerInvariant()}{similarity}, {Bits:+0.0;-0.0;0.0} bits");
    }
}
