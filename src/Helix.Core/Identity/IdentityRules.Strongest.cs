namespace Helix.Core.Identity;

public sealed partial class IdentityRules
{
    /// <summary>
    /// The identifier of the highest priority (ties: by type, then value): what names a person in a merge
    /// operation, because it stays with the person while person ids change with merges.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="identifiers"/> is empty.</exception>
    public Identifier Strongest(IEnumerable<Identifier> identifiers) =>
        identifiers.OrderBy(i => Definition(i.Type).Priority).ThenBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).First();
}
