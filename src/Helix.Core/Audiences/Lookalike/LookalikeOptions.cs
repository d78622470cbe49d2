namespace Helix.Core.Audiences.Lookalike;

/// <summary>How a lookalike model samples, featurises and validates. The defaults suit 10^3 to 10^6 persons.</summary>
/// <param name="RandomSeed">Seeds sampling, the holdout split and ML.NET: the same input and seed give the same result.</param>
/// <param name="HoldoutFraction">The share of each class (seed and sampled non-seed) kept out of training to measure the AUC.</param>
/// <param name="MaxSeedSampled">At most this many seed persons are used as positives; a larger seed is sampled.</param>
/// <param name="MaxNegatives">At most this many non-seed persons are used as negatives; the rest are only scored.</param>
/// <param name="MinCategoryPersons">A category becomes a feature only when at least this many persons have it.</param>
/// <param name="MaxCategories">At most this many categories become features, the most frequent first.</param>
/// <param name="MaxNumbers">At most this many numbers become features, those present for the most persons first.</param>
/// <param name="TopFeatures">How many features the result lists by the size of their weight.</param>
public sealed record LookalikeOptions(
    int RandomSeed = 0,
    double HoldoutFraction = 0.2,
    int MaxSeedSampled = 100_000,
    int MaxNegatives = 100_000,
    int MinCategoryPersons = 10,
    int MaxCategories = 2_000,
    int MaxNumbers = 1_000,
    int TopFeatures = 20);
