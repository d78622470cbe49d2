using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;

namespace Helix.Server.Identity;

/// <summary>The identity rules a workspace's API calls normalise identifiers by: its latest version, else the built-ins.</summary>
internal static class WorkspaceRules
{
    public static async Task<IdentityRules> GetAsync(IIdentityJournal journal, WorkspaceId workspace, CancellationToken cancellationToken) =>
        await journal.CurrentRulesAsync(workspace, cancellationToken) is { Operation.Rules: { } json }
            ? IdentityRulesSpec.FromStored(json)
            : IdentityRules.Default;
}
