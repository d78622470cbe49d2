using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// <c>did("A") then did("B") within 7d</c>: the person has events a1 &lt; a2 &lt; … (each strictly later than the
/// one before) matching <see cref="Steps"/> in order, all within <see cref="Within"/> of a1 (null: no limit).
/// With <see cref="LastAbsent"/> — <c>did("A") then not did("B") within 3d</c> — the last step is an absence:
/// after the step before it, no event matching the last step happens until a1 + <see cref="Within"/> (required then),
/// and that moment has passed, so the person enters once the time is up, not while it may still happen.
/// <see cref="Window"/> bounds when a1 happens (<c>did("A", within 30d) then …</c>). <see cref="Within"/> is elapsed
/// time (7d = 168 hours), unlike a window's calendar days. Steps are 2 to <see cref="AudienceLimits.MaxSteps"/> track event filters.
/// </summary>
public sealed record SequenceCondition(IReadOnlyList<EventFilter> Steps, bool LastAbsent, TimeSpan? Within, EventWindow? Window) : Condition
{
    // Lists compare by reference in a record; sequences are equal when their steps are.
    public bool Equals(SequenceCondition? other) =>
        other is not null && Steps.SequenceEqual(other.Steps) && LastAbsent == other.LastAbsent && Within == other.Within && Equals(Window, other.Window);

    public override int GetHashCode() => HashCode.Combine(Steps.Count, LastAbsent, Within, Window);
}
