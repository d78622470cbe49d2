using Helix.Core.Identity;

namespace Helix.Core.Profiles;

/// <summary>An identifier of a person and the time of the event that first linked it.</summary>
public readonly record struct IdentifierLink(Identifier Identifier, DateTimeOffset FirstSeen);
