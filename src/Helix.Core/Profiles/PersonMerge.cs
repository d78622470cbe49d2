using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary><paramref name="Merged"/> became part of <paramref name="Survivor"/>: its events and identifiers move there.</summary>
public sealed record PersonMerge(WorkspaceId WorkspaceId, PersonId Survivor, PersonId Merged, long Position);
