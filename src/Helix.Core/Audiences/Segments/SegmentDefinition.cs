using Helix.Core.Tags;

namespace Helix.Core.Audiences.Segments;

/// <summary>
/// A saved audience: its name, the condition that selects it (the audience language; null only for a static
/// segment), and how its membership is kept current. <see cref="Schedule"/> is a five-field cron in workspace
/// time, for scheduled segments only.
/// </summary>
public sealed record SegmentDefinition(string Name, string? Description, SegmentMode Mode, Condition? When, string? Schedule)
{
    /// <summary>The first occurrence of the schedule after the last run; null before any run (a scheduled segment is then due at once).</summary>
    public DateTimeOffset? NextRun(DateTimeOffset? lastRun) =>
        lastRun is { } last
            ? Cronos.CronExpression.Parse(Schedule ?? DefaultSchedule).GetNextOccurrence(last, Models.ModelSettings.TimeZone)
            : null;

    /// <summary>The leaves of the condition (none for a static segment).</summary>
    public IEnumerable<Condition> Reads => When is null ? [] : AudienceConditions.Leaves(When);

    /// <summary>Scheduled segments without their own schedule recompute daily at 03:00 workspace time.</summary>
    public const string DefaultSchedule = "0 3 * * *";
}
