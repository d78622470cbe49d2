namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// An experiment's readout (docs/experiments.md). <see cref="ExcludedPersons"/> were in more than one arm and
/// are in none; <see cref="UnlistedPersons"/> were exposed to an arm the query did not list.
/// </summary>
public sealed record ExperimentResult(
    string Control,
    string Outcome,
    IReadOnlyList<ArmResult> Arms,
    long ExcludedPersons,
    long UnlistedPersons,
    ChiSquareTest? Independence,
    SampleRatioCheck? SampleRatio,
    double? SampleSizePerArm,
    CupedSummary? Cuped);

/// <summary>An arm's persons and outcome; <see cref="VersusControl"/> is null for the control.</summary>
public sealed record ArmResult(
    string Name, double ExpectedShare, long Persons, long Conversions, double Rate, double Mean, double StandardDeviation, double? AdjustedMean, ArmComparison? VersusControl);

/// <summary>
/// A treatment against the control: the conversion rates' z-test, Welch's test of the metric (with a metric), Welch's
/// test of the CUPED-adjusted outcome (with CUPED) and the always-valid sequential test of the outcome.
/// <see cref="Significant"/> is the fixed-horizon verdict on the outcome (metric, else conversion) at alpha.
/// </summary>
public sealed record ArmComparison(ProportionComparison? Conversion, WelchTest? Metric, WelchTest? Cuped, SequentialTest? Sequential, bool Significant);

/// <summary>The mSPRT over daily looks (cumulative by exposure day), with the mixing scale τ it used.</summary>
public sealed record SequentialTest(double AlwaysValidPValue, int Looks, double Tau, bool Significant);

/// <summary>The sample-ratio check: persons per arm against the planned shares; a mismatch when p &lt; 0.001.</summary>
public sealed record SampleRatioCheck(ChiSquareTest Test, bool Mismatch);

public sealed record CupedSummary(int Days, double Theta, double VarianceReduction);
