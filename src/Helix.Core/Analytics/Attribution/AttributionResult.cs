namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// The conversions whose day is in the range (<see cref="Direct"/> of them without any credited touch), their summed
/// value, the non-converting journeys the Markov and Shapley models also read, Markov's overall conversion probability
/// (when requested), and per channel its credit under each requested model.
/// </summary>
public sealed record AttributionResult(
    long Conversions,
    long Direct,
    decimal Value,
    decimal DirectValue,
    long NonConvertingJourneys,
    double? ConversionProbability,
    IReadOnlyList<AttributionChannel> Channels);

/// <summary>
/// One channel: its credited touches, and per model (by wire name) the conversions and value credited to it; the
/// Markov removal effect when that model was requested.
/// </summary>
public sealed record AttributionChannel(
    BreakdownValue Channel,
    long Touches,
    IReadOnlyDictionary<string, double> Conversions,
    IReadOnlyDictionary<string, double> Value,
    double? RemovalEffect);
