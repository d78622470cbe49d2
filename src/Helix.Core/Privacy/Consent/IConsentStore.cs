using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Consent;

/// <summary>Consent statements read from the stored <see cref="ConsentEvent"/> events of a workspace.</summary>
public interface IConsentStore
{
    /// <summary>Every statement the person's events make, oldest first.</summary>
    Task<IReadOnlyList<ConsentStatement>> ConsentStatementsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>The persons of the workspace whose consents allow <paramref name="topic"/> now.</summary>
    Task<IReadOnlySet<string>> PersonsAllowingAsync(WorkspaceId workspace, ConsentTopic topic, CancellationToken cancellationToken = default);
}
