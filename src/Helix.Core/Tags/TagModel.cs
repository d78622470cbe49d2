namespace Helix.Core.Tags;

/// <summary>The model whose scheduled output a model tag carries as its value.</summary>
public enum TagModel
{
    Rfm,
    Lifecycle,
    Aipl,
    Clv,
    Churn,
}
