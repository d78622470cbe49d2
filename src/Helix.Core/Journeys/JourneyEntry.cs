using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Journeys;

/// <summary>What puts a person into a journey.</summary>
public abstract record JourneyEntry;

/// <summary>Each matching event enters its person (subject to re-entry).</summary>
public sealed record EventEntry(EventFilter Event) : JourneyEntry;

/// <summary>Entering (or, with <see cref="OnExit"/>, leaving) a saved segment.</summary>
public sealed record SegmentEntry(string Segment, bool OnExit) : JourneyEntry;

/// <summary>On a cron schedule in the workspace's time zone, everyone matching <see cref="Audience"/> at that moment.</summary>
public sealed record ScheduleEntry(string Cron, Condition Audience) : JourneyEntry;

/// <summary>
/// Every year on the date in the person's trait <see cref="Trait"/> (a birthday, an anniversary), shifted by
/// <see cref="OffsetDays"/> (−3: three days before), at <see cref="At"/> workspace time.
/// </summary>
public sealed record AnniversaryEntry(string Trait, int OffsetDays, TimeOnly At) : JourneyEntry;

/// <summary>Only through the API, one person at a time.</summary>
public sealed record ApiEntry : JourneyEntry;
