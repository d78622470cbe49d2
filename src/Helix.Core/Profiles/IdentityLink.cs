using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// Why two identifiers are one person: <paramref name="From"/> was joined to <paramref name="To"/> by the
/// message at <paramref name="Position"/>, either as a new identifier (<see cref="IdentityLinkKind.Linked"/>)
/// or by merging the person that held it (<see cref="IdentityLinkKind.Merged"/>).
/// </summary>
public sealed record IdentityLink(
    Identifier From,
    Identifier To,
    IdentityLinkKind Kind,
    long Position,
    string MessageId,
    SourceId SourceId,
    DateTimeOffset At);
