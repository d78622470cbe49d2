namespace Helix.Core.Privacy.Encryption;

/// <summary>
/// Which identifiers and traits are personal data that Helix keeps sealed at rest. Identifiers are matched by
/// type, traits by name (case-insensitive, also inside an event's <c>traits</c> and <c>context.traits</c>).
/// </summary>
/// <remarks>
/// Birthdays, genders and cities stay in the clear: the audience language computes ages, birthday months and
/// zodiac signs from them in SQL, and a sealed value cannot be compared. docs/privacy.md says so.
/// </remarks>
public static class PiiFields
{
    public static IReadOnlySet<string> IdentifierTypes { get; } =
        new HashSet<string>(["phone", "email", "id_number"], StringComparer.Ordinal);

    public static IReadOnlySet<string> Traits { get; } = new HashSet<string>(
        ["name", "first_name", "last_name", "full_name", "firstName", "lastName", "phone", "mobile", "email", "address", "id_number", "id_card"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>In a track event's <c>properties</c>, <c>name</c> is a product's or a page's, not the person's: only the others count.</summary>
    public static bool IsPersonalProperty(string name) => Traits.Contains(name) && !name.Equals("name", StringComparison.OrdinalIgnoreCase);
}
