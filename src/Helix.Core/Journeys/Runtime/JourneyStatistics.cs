namespace Helix.Core.Journeys.Runtime;

/// <summary>
/// A journey's numbers (docs/journeys.md, Statistics): entries and goal conversions, the holdout beside the rest,
/// every step's traffic, every split arm's and condition branch's conversions, and every connector's deliveries.
/// </summary>
public sealed record JourneyStatistics(
    long Entries, long Inside, long Converted, long HeldOut, long HeldOutConverted,
    IReadOnlyList<JourneyStepStatistics> Steps, IReadOnlyList<JourneyBranchStatistics> Branches, IReadOnlyList<JourneyConnectorStatistics> Connectors);

/// <param name="Entered">Arrivals at the step.</param>
/// <param name="Waiting">Persons at the step now (a wait, or a postponed send).</param>
/// <param name="Exited">Persons whose entry ended at the step (an exit step, or the goal reached while there).</param>
/// <param name="Passed">Arrivals that moved on: entered − waiting − exited.</param>
/// <param name="Skipped">Sends quiet hours skipped.</param>
/// <param name="Errors">Deliveries of the step's action that failed for good (the dead-letter list).</param>
public sealed record JourneyStepStatistics(string Step, long Entered, long Waiting, long Passed, long Exited, long Skipped, long Errors);

/// <summary>A split arm (<see cref="Kind"/> <c>arm</c>) or a condition branch (<c>branch</c>: then/else) and the goal conversions of those who took it.</summary>
public sealed record JourneyBranchStatistics(string Step, string Kind, string Name, long Entries, long Converted);

/// <param name="Pending">Waiting for their time or for a retry.</param>
/// <param name="Retried">Deliveries that needed more than one attempt.</param>
public sealed record JourneyConnectorStatistics(string Connector, long Pending, long Delivered, long Failed, long Withheld, long Suppressed, long Retried);
