using System.Globalization;

namespace Helix.EventLog;

/// <summary>
/// The 0-based sequence number of a record across the whole log (not a byte offset). Positions are
/// dense: the records of the log are exactly the positions from the first one up to <see cref="EventLog.End"/>.
/// </summary>
public readonly record struct LogPosition(long Value) : IComparable<LogPosition>
{
    public static LogPosition Start => new(0);

    public int CompareTo(LogPosition other) => Value.CompareTo(other.Value);

    public static bool operator <(LogPosition left, LogPosition right) => left.Value < right.Value;

    public static bool operator >(LogPosition left, LogPosition right) => left.Value > right.Value;

    public static bool operator <=(LogPosition left, LogPosition right) => left.Value <= right.Value;

    public static bool operator >=(LogPosition left, LogPosition right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
