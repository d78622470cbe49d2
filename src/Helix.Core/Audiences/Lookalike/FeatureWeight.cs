namespace Helix.Core.Audiences.Lookalike;

/// <summary>
/// A feature's weight in the linear model on normalised features: the change in log-odds of looking like the seed
/// per unit of the normalised feature. Positive pulls towards the seed. Weights of correlated features share the
/// effect between them, so read them as "what the model leans on", not as causes.
/// </summary>
public sealed record FeatureWeight(LookalikeFeature Feature, double Weight);
