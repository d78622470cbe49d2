namespace Helix.Core.Audiences.Lookalike;

public enum LookalikeFeatureKind
{
    /// <summary>A number's value, 0 where the person lacks it.</summary>
    Number,

    /// <summary>1 where the person lacks the number, else 0.</summary>
    Missing,

    /// <summary>1 where the person has the category, else 0.</summary>
    Category,
}
