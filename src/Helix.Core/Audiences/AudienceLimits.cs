using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// The bounds both forms of the language enforce, so any definition one accepts the other accepts too, and a
/// hostile one is an error, not a stack overflow or a runaway query.
/// </summary>
public static class AudienceLimits
{
    /// <summary>Levels of and/or/not (and, in the text, of parentheses), as for tag rules.</summary>
    public const int MaxDepth = TagSpec.MaxDepth;

    /// <summary>Tests in one definition: trait, computed, tag, segment, did and sequence each count one.</summary>
    public const int MaxTests = 500;

    /// <summary>Characters of the text form.</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>Characters of one quoted text (a value, a name).</summary>
    public const int MaxStringLength = 1_000;

    /// <summary>Values of a trait's <c>in</c> list.</summary>
    public const int MaxListValues = TagSpec.MaxListValues;

    /// <summary>Event names one <c>did</c> matches.</summary>
    public const int MaxEvents = ComputedTraitSpec.MaxEvents;

    /// <summary>Property tests after one <c>where</c>.</summary>
    public const int MaxWhere = ComputedTraitSpec.MaxConditions;

    /// <summary>Steps of one sequence.</summary>
    public const int MaxSteps = 5;
}
