using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>Reads profiles as of the pipeline's last committed batch. Every call is scoped to one workspace.</summary>
public interface IProfileReader
{
    Task<PersonId?> FindByIdentifierAsync(WorkspaceId workspace, Identifier identifier, CancellationToken cancellationToken = default);

    Task<ProfileView?> GetProfileAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>
    /// The person that holds a merged person's data now, following later merges (a→b, then b→c: c); null when
    /// <paramref name="person"/> is a person of its own, was never merged, or its survivor is gone (erased or split).
    /// </summary>
    Task<PersonId?> SurvivorOfAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>Why the person's identifiers are one person: every identifier with the event that linked it, and every link.</summary>
    Task<IdentityGraphView?> GetIdentityGraphAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>
    /// The person's events, newest first, strictly older than <paramref name="after"/> when given; only the
    /// track events named <paramref name="eventName"/> when that is given (a person's last orders).
    /// </summary>
    Task<TimelinePage> GetTimelineAsync(
        WorkspaceId workspace, PersonId person, TimelineCursor? after, int limit, string? eventName = null, CancellationToken cancellationToken = default);

    /// <summary>The workspace's quarantined persons, newest quarantine first, strictly after <paramref name="after"/> when given.</summary>
    Task<QuarantinePage> ListQuarantinedAsync(WorkspaceId workspace, QuarantineCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The person of every stored event of the workspace, by log position, and the checkpoint they reflect (read together).</summary>
    Task<(long Checkpoint, IReadOnlyDictionary<long, PersonId> Owners)> GetEventOwnersAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);
}
