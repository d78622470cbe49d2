using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>An identifier of a person, the time of the event that first linked it, and that event's log position and source.</summary>
public readonly record struct IdentifierLink(Identifier Identifier, DateTimeOffset FirstSeen, long Position = -1, SourceId? SourceId = null);
