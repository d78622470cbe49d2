namespace Helix.Core.Profiles;

/// <summary>One page of the quarantine list; <paramref name="Next"/> is null on the last.</summary>
public sealed record QuarantinePage(IReadOnlyList<QuarantinedPerson> Persons, QuarantineCursor? Next);
