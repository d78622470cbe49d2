using Helix.Core.Profiles;

namespace Helix.Core.Identity.Operations;

/// <summary>A person in a journal entry: its id and what it held.</summary>
public sealed record PersonOutline(PersonId Id, IReadOnlyList<Identifier> Identifiers, long EventCount);
