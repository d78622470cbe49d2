namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// A compiled audience: <see cref="Sql"/> selects the person_id of every member of the workspace bound to <c>$ws</c>
/// (unordered); every value and name in it is one of <see cref="Parameters"/>.
/// </summary>
internal sealed record AudienceQuery(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
