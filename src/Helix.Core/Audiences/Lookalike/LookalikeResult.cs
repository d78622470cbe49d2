namespace Helix.Core.Audiences.Lookalike;

/// <summary>The lookalike audience and how far to trust it.</summary>
/// <param name="Top">The requested number of non-seed persons, highest score first, ties by person id (ordinal).</param>
/// <param name="HoldoutAuc">
/// The chance that the model scores a held-out seed person above a held-out sampled non-seed person (ties count half):
/// 0.5 is no better than chance, 1 is a perfect separation.
/// </param>
/// <param name="TrainRows">Rows the model was trained on (seed and sampled non-seed).</param>
/// <param name="HoldoutRows">Rows kept out of training for the AUC.</param>
/// <param name="SeedPersons">Seed ids found among the rows; seed ids without a row are ignored.</param>
/// <param name="Candidates">Non-seed persons scored, the population <see cref="Top"/> is chosen from.</param>
/// <param name="Features">The feature schema, in vector order.</param>
/// <param name="TopFeatures">The features with the largest absolute weights, largest first.</param>
public sealed record LookalikeResult(
    IReadOnlyList<ScoredPerson> Top,
    double HoldoutAuc,
    int TrainRows,
    int HoldoutRows,
    int SeedPersons,
    int Candidates,
    IReadOnlyList<LookalikeFeature> Features,
    IReadOnlyList<FeatureWeight> TopFeatures);
