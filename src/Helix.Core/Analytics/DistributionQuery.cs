using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics;

/// <summary>
/// A distribution of the events <see cref="Event"/> matches whose day is in the range (of persons in
/// <see cref="Segment"/> when given): of the number at <see cref="Property"/> on each event, or, without a property, of
/// how many such events each person has. Summarised by count, min, max, mean and quantiles, and cut into
/// <see cref="Bins"/> bins of equal width (whole-number widths for per-person counts).
/// </summary>
public sealed record DistributionQuery(AnalyticsRange Range, EventFilter Event, string? Property, int Bins, Condition? Segment)
{
    public const int MaxBins = 100;

    /// <summary>The quantiles every answer reports, interpolated linearly between the two nearest values.</summary>
    public static readonly IReadOnlyList<double> Quantiles = [0.25, 0.5, 0.75, 0.9, 0.99];

    public bool PerPerson => Property is null;
}

/// <summary>A bin: values from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive, but the last bin holds the maximum).</summary>
public sealed record DistributionBin(double From, double To, long Count);

public sealed record DistributionQuantile(double Quantile, double Value);

/// <summary>The summary and the bins; without values, a count of 0, nulls and no bins.</summary>
public sealed record DistributionResult(
    long Count, double? Min, double? Max, double? Mean, IReadOnlyList<DistributionQuantile> Quantiles, IReadOnlyList<DistributionBin> Bins)
{
    public static DistributionResult Empty { get; } = new(0, null, null, null, [], []);

    /// <summary>
    /// The bin width: (max − min) / bins, or for whole numbers ⌈(max − min + 1) / bins⌉ so each bin spans whole
    /// values; 1 when all values are equal (one bin). A value's bin is ⌊(value − min) / width⌋, the last bin
    /// taking the maximum.
    /// </summary>
    public static double Width(double min, double max, int bins, bool wholeNumbers) =>
        max == min ? 1 : wholeNumbers ? Math.Ceiling((max - min + 1) / bins) : (max - min) / bins;

    /// <summary>How many bins there are: fewer than asked for whole numbers when the values span fewer.</summary>
    public static int BinCount(double min, double max, int bins, bool wholeNumbers) =>
        max == min ? 1 : wholeNumbers ? (int)Math.Ceiling((max - min + 1) / Width(min, max, bins, wholeNumbers)) : bins;
}
