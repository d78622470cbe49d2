namespace Helix.Core.Profiles;

/// <summary>Persons of today the proposed rules would make one.</summary>
public sealed record SimulatedMerge(IReadOnlyList<PersonId> Persons);
