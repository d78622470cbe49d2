using Helix.Core.Collect;

namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// Every requested model over the same conversions: the rule-based ones per conversion, Markov and Shapley over the
/// journeys (converting paths and the non-converting ones), identical journeys merged. Every model credits each
/// conversion with a touch exactly once in total; value follows the same shares (Markov and Shapley: a channel's
/// share of the conversions times the attributed value).
/// </summary>
public static class AttributionCalculator
{
    /// <returns>The result, or the error naming <c>models</c> when Markov or Shapley meet more channels than they take.</returns>
    public static (AttributionResult? Result, FieldError? Error) Compute(
        AttributionQuery query, IReadOnlyList<ConversionPath> conversions, IEnumerable<Journey> nonConverting)
    {
        var attributed = conversions.Where(c => c.Touches.Count > 0).ToList();
        var attributedValue = (double)attributed.Sum(c => c.Value);
        var journeys = Journey.Merge(attributed.Select(c => new Journey([.. c.Touches.Select(t => t.Channel)], 1, 0)).Concat(nonConverting));
        var channels = journeys.SelectMany(j => j.Channels).Distinct(StringComparer.Ordinal).Count();
        if (Limit(query.Models, channels) is { } error)
        {
            return (null, error);
        }

        var credits = new Dictionary<AttributionModel, IReadOnlyDictionary<string, (double Conversions, double Value)>>();
        MarkovAttribution.Result? markov = null;
        foreach (var model in query.Models)
        {
            credits[model] = model switch
            {
                AttributionModel.Markov => Scaled((markov = MarkovAttribution.Compute(journeys)).Credits, attributed.Count, attributedValue),
                AttributionModel.Shapley => Scaled(ShapleyAttribution.Credits(journeys), attributed.Count, attributedValue),
                _ => RuleBasedAttribution.Credit(model, attributed, query.HalfLifeDays),
            };
        }

        var touches = attributed.SelectMany(c => c.Touches).GroupBy(t => t.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var first = query.Models[0];
        var rows = credits.Values.SelectMany(c => c.Keys).Concat(touches.Keys).Distinct(StringComparer.Ordinal)
            .Select(channel => new AttributionChannel(
                new BreakdownValue(channel),
                touches.GetValueOrDefault(channel),
                query.Models.ToDictionary(WireNames.Of, m => credits[m].GetValueOrDefault(channel).Conversions, StringComparer.Ordinal),
                query.Models.ToDictionary(WireNames.Of, m => credits[m].GetValueOrDefault(channel).Value, StringComparer.Ordinal),
                markov?.RemovalEffects.GetValueOrDefault(channel)))
            .OrderByDescending(c => c.Conversions[WireNames.Of(first)]).ThenBy(c => c.Channel.Key, StringComparer.Ordinal)
            .ToList();
        var direct = conversions.Where(c => c.Touches.Count == 0).ToList();
        return (new AttributionResult(
            conversions.Count, direct.Count, conversions.Sum(c => c.Value), direct.Sum(c => c.Value),
            journeys.Sum(j => j.Nulls), markov?.ConversionProbability, rows), null);
    }

    /// <summary>The error for a query whose Markov or Shapley model meets more distinct channels than it takes.</summary>
    public static FieldError? Limit(IReadOnlyList<AttributionModel> models, int channels)
    {
        foreach (var (model, max) in new[] { (AttributionModel.Shapley, ShapleyAttribution.MaxChannels), (AttributionModel.Markov, MarkovAttribution.MaxChannels) })
        {
            if (models.Contains(model) && channels > max)
            {
                return new FieldError("models", $"{WireNames.Of(model)} takes at most {max} channels and this query has {channels}: narrow touchpoints or dimension, or leave {WireNames.Of(model)} out");
            }
        }

        return null;
    }

    private static Dictionary<string, (double Conversions, double Value)> Scaled(IReadOnlyDictionary<string, double> credits, int conversions, double value) =>
        credits.ToDictionary(c => c.Key, c => (c.Value, conversions > 0 ? c.Value / conversions * value : 0), StringComparer.Ordinal);
}
