using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// One change of one person's tag: gained, lost or changed value, when, at which log position and why
/// (<c>event &lt;messageId&gt;</c>, <c>definitions v3</c>, <c>list list_…</c>, <c>model model_…</c>, <c>window expiry</c>).
/// </summary>
public sealed record TagHistoryEntry(
    WorkspaceId WorkspaceId, PersonId Person, string Tag, TagChangeKind Kind, string? OldValue, string? NewValue, DateTimeOffset At, long Position, string Reason);
