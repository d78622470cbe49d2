using Helix.Core.Workspaces;

namespace Helix.Core.Journeys;

/// <summary>Draft (being built), live (entering people), paused (no new entries; those inside wait), archived (final).</summary>
public enum JourneyStatus
{
    Draft,
    Live,
    Paused,
    Archived,
}

/// <summary>A journey's status and its current version.</summary>
public sealed record JourneySummary(string Name, JourneyStatus Status, int Version, DateTimeOffset UpdatedAt);

/// <summary>One saved version of a journey's definition (the JSON as sent, checked by <see cref="JourneySpec"/>).</summary>
public sealed record JourneyVersion(int Version, string Definition, DateTimeOffset SavedAt, string SavedBy);

/// <summary>Journeys and every version of their definitions, per workspace.</summary>
public interface IJourneyStore
{
    Task<IReadOnlyList<JourneySummary>> ListJourneysAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task<JourneySummary?> GetJourneyAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);

    /// <summary>The versions, newest first.</summary>
    Task<IReadOnlyList<JourneyVersion>> JourneyVersionsAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);

    /// <summary>Saves the next version and makes it current, in one transaction; a new journey starts as a draft. Returns the version.</summary>
    Task<int> SaveJourneyAsync(WorkspaceId workspace, string name, string definition, string savedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task SetJourneyStatusAsync(WorkspaceId workspace, string name, JourneyStatus status, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>Which status changes a journey may make: archived is final; a draft goes live only once.</summary>
public static class JourneyLifecycle
{
    public static bool CanMove(JourneyStatus from, JourneyStatus to) => (from, to) switch
    {
        (JourneyStatus.Archived, _) => false,
        (_, JourneyStatus.Archived) => true,
        (JourneyStatus.Draft, JourneyStatus.Live) or (JourneyStatus.Live, JourneyStatus.Paused) or (JourneyStatus.Paused, JourneyStatus.Live) => true,
        _ => false,
    };
}
