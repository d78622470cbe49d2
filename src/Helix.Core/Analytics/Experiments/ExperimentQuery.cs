using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// An arm: its name, for cohort arms the audience condition that puts a person in it (as it holds at query time), and its
/// share of the planned split (any positive weight; shares are weights over their sum).
/// </summary>
public sealed record ExperimentArm(string Name, Condition? Segment, double Weight);

/// <summary>
/// Exposure arms: a person enters at their first event matching <see cref="Event"/> whose day is in the range, in the
/// arm named by the scalar at <see cref="ArmProperty"/> (a dotted path under <c>properties</c>). A journey split will
/// emit such an event with its journey and arm as properties.
/// </summary>
public sealed record ExperimentExposure(EventFilter Event, string ArmProperty);

/// <summary>
/// An experiment readout. Arms are either cohorts (<see cref="Exposure"/> null: every arm has a segment; exposure is the
/// start of <c>from</c>, conversions count when their day is in the range) or exposure arms (conversions count in the
/// <see cref="WindowDays"/> after the first exposure; <see cref="Arms"/> may list the expected arms and weights, or be
/// empty for every arm seen, weighted equally). The outcome is <see cref="Metric"/> summed over conversion events when
/// given, else whether the person converted. <see cref="CupedDays"/> turns on CUPED with the same outcome over that many
/// days before exposure as the covariate. <see cref="MinimumDetectableEffect"/> is absolute (a rate difference such as
/// 0.02, or a difference of the metric's mean). <see cref="Segment"/> keeps only the persons it holds for now, in every arm.
/// </summary>
public sealed record ExperimentQuery(
    AnalyticsRange Range,
    IReadOnlyList<ExperimentArm> Arms,
    ExperimentExposure? Exposure,
    string Control,
    EventFilter Conversion,
    int WindowDays,
    string? Metric,
    int? CupedDays,
    double Alpha,
    double Power,
    double? MinimumDetectableEffect,
    Condition? Segment = null)
{
    public const int MaxArms = 20;
    public const int MaxWindowDays = 366;
    public const int MaxCupedDays = 366;

    /// <summary>Probability of a sample-ratio mismatch test below which the split is reported as broken.</summary>
    public const double SampleRatioThreshold = 0.001;
}

/// <summary>One arm's persons first exposed on one day: how many converted and the moments of outcome and covariate.</summary>
public sealed record ArmDay(string Arm, DateOnly Day, long Conversions, Moments Moments);

/// <summary>What the store reads: per arm and exposure day, and the persons left out for being in more than one arm.</summary>
public sealed record ExperimentData(IReadOnlyList<ArmDay> Rows, long ExcludedPersons);
