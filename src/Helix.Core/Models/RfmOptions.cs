namespace Helix.Core.Models;

/// <summary>How to score and group: quantile bins from the population, or fixed cut points.</summary>
/// <param name="Bins">Scores per dimension when cut points come from quantiles.</param>
/// <param name="CutPoints">Fixed cut points; when null they are the population's quantiles.</param>
public sealed record RfmOptions(int Bins = 5, RfmCutPoints? CutPoints = null, RfmGroupRule? GroupRule = null);
