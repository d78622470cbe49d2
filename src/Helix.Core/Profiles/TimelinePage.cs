namespace Helix.Core.Profiles;

/// <param name="Next">Pass back to get the following (older) page; null on the last page.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, TimelineCursor? Next);
