namespace Helix.Core.Analytics.Attribution;

/// <summary>How a conversion's credit is shared among its touches (docs/attribution.md); wire names in camelCase.</summary>
public enum AttributionModel
{
    /// <summary>All credit to the oldest touch.</summary>
    FirstTouch,

    /// <summary>All credit to the latest touch.</summary>
    LastTouch,

    /// <summary>Equal credit to every touch.</summary>
    Linear,

    /// <summary>Credit halving with every half-life a touch lies before the conversion.</summary>
    TimeDecay,

    /// <summary>40% to the first touch, 40% to the last, 20% shared by those between.</summary>
    PositionBased,

    /// <summary>First-order Markov chain removal effects, over converting and non-converting journeys.</summary>
    Markov,

    /// <summary>Shapley values of a game whose coalitions are channel sets, worth their journeys' conversion rate.</summary>
    Shapley,
}
