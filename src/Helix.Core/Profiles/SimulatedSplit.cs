namespace Helix.Core.Profiles;

/// <summary>A person of today whose events the proposed rules would give to <paramref name="Into"/> persons.</summary>
public sealed record SimulatedSplit(PersonId Person, int Into);
