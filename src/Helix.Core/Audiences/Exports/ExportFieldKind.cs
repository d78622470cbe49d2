namespace Helix.Core.Audiences.Exports;

/// <summary>What an export column shows, from its name's prefix.</summary>
public enum ExportFieldKind
{
    /// <summary><c>person_id</c>.</summary>
    PersonId,

    /// <summary><c>trait:NAME</c>, a profile trait.</summary>
    Trait,

    /// <summary><c>computed:NAME</c>, a computed trait.</summary>
    Computed,

    /// <summary><c>tag:NAME</c>, a tag's value.</summary>
    Tag,

    /// <summary><c>id:TYPE</c>, an identifier of the person (<c>id:phone</c>).</summary>
    Identifier,
}
