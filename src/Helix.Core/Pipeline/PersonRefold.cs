using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Pipeline;

/// <summary>Persons that an identity operation resolved again from their events.</summary>
/// <param name="Replaced">Their rows (person, identifiers, links) are dropped; the changed persons of the commit replace them.</param>
/// <param name="Events">The final owner of each of their events, by log position.</param>
public sealed record PersonRefold(WorkspaceId WorkspaceId, IReadOnlyList<PersonId> Replaced, IReadOnlyList<(long Position, PersonId Person)> Events);
