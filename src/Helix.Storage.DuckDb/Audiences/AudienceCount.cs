using Helix.Core.Profiles;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>How many persons of a workspace an audience holds, and the first few of them by id.</summary>
public sealed record AudienceCount(long Count, IReadOnlyList<PersonId> Sample);
