using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

public enum TagProposalStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A change to one tag waiting for approval before it goes live (when the workspace requires approval):
/// the new definition (JSON), or null to delete the tag, proposed against a definitions version.
/// </summary>
public sealed record TagProposal(
    WorkspaceId WorkspaceId, string ProposalId, string Tag, int DefinitionsVersion, string? Definition, TagProposalStatus Status,
    string ProposedBy, DateTimeOffset ProposedAt)
{
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Note { get; init; }
}
