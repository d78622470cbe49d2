using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>
/// A request to change how a person's identifiers resolve. It is written to the event log like a
/// message, so the pipeline applies it at one point of the log's order, and replaying the log
/// applies it at the same point again: an unmerge survives <c>helix identity rebuild</c>.
/// </summary>
/// <param name="OperationId">Chosen by the caller of the API; unique in the workspace.</param>
/// <param name="PersonId">The person to split (separate, detach) or merge into (merge); null for a revert.</param>
/// <param name="From">Separate: one side; detach: the identifier to detach; merge: an identifier of one person.</param>
/// <param name="To">Separate: the other side; merge: an identifier of the other person.</param>
/// <param name="Reverts">Revert: the operation it undoes.</param>
/// <param name="RequestedBy">The API key that asked for it (audit).</param>
public sealed record IdentityOperation(
    string OperationId,
    WorkspaceId WorkspaceId,
    IdentityOperationKind Kind,
    PersonId? PersonId,
    Identifier? From,
    Identifier? To,
    string? Reverts,
    string RequestedBy,
    string? Reason,
    DateTimeOffset RequestedAt)
{
    /// <summary>Rules: the new <see cref="IdentityRulesSpec"/> as JSON.</summary>
    public string? Rules { get; init; }
}
