namespace Helix.Core.Audiences.Exports;

/// <summary>An export column: <see cref="Text"/> is both the CSV header and the name rows are asked for.</summary>
public sealed record ExportField(ExportFieldKind Kind, string Name)
{
    public const string PersonIdField = "person_id";
    private const int MaxNameLength = 128;

    private static readonly (string Prefix, ExportFieldKind Kind)[] Prefixes =
    [
        ("trait:", ExportFieldKind.Trait),
        ("computed:", ExportFieldKind.Computed),
        ("tag:", ExportFieldKind.Tag),
        ("id:", ExportFieldKind.Identifier),
    ];

    public string Text => Kind == ExportFieldKind.PersonId ? PersonIdField : Prefixes.First(p => p.Kind == Kind).Prefix + Name;

    /// <summary>
    /// The mask a column gets when it is masked, chosen from its name: <c>phone</c> or <c>mobile</c> → phone,
    /// <c>email</c> → e-mail, <c>id_number</c>/<c>id_card</c>/<c>idcard</c> → identity card, <c>address</c> → address,
    /// <c>name</c> → name, anything else → <c>****</c>. First match wins, in that order (<c>email_address</c> is an e-mail).
    /// </summary>
    public ExportMask Mask
    {
        get
        {
            var name = Name.ToLowerInvariant();
            return name switch
            {
                _ when name.Contains("phone", StringComparison.Ordinal) || name.Contains("mobile", StringComparison.Ordinal) => ExportMask.Phone,
                _ when name.Contains("email", StringComparison.Ordinal) || name.Contains("e_mail", StringComparison.Ordinal) => ExportMask.Email,
                _ when name.Contains("id_number", StringComparison.Ordinal) || name.Contains("id_card", StringComparison.Ordinal) || name.Contains("idcard", StringComparison.Ordinal) => ExportMask.IdNumber,
                _ when name.Contains("address", StringComparison.Ordinal) => ExportMask.Address,
                _ when name.Contains("name", StringComparison.Ordinal) => ExportMask.Name,
                _ => ExportMask.Hidden,
            };
        }
    }

    /// <summary>
    /// A trait or identifier column whose name says it holds personal data (phone, e-mail, id number, address, name):
    /// exports mask these unless an admin asks otherwise.
    /// </summary>
    public bool IsPersonal => Kind is ExportFieldKind.Trait or ExportFieldKind.Identifier && Mask != ExportMask.Hidden;

    /// <summary>
    /// <c>person_id</c>, or one of the prefixes <c>trait:</c>, <c>computed:</c>, <c>tag:</c>, <c>id:</c> and a name of 1 to 128
    /// characters without control characters or surrounding white space. Null and a reason otherwise.
    /// </summary>
    public static ExportField? Parse(string? text, out string? reason)
    {
        reason = null;
        if (text == PersonIdField)
        {
            return new ExportField(ExportFieldKind.PersonId, PersonIdField);
        }

        foreach (var (prefix, kind) in Prefixes)
        {
            if (text is not null && text.StartsWith(prefix, StringComparison.Ordinal))
            {
                var name = text[prefix.Length..];
                if (name.Length is 0 or > MaxNameLength || name.Trim().Length != name.Length || name.Any(char.IsControl))
                {
                    reason = $"needs a name after {prefix}: 1 to {MaxNameLength} characters, no control characters or surrounding spaces";
                    return null;
                }

                return new ExportField(kind, name);
            }
        }

        reason = $"is {PersonIdField} or starts with one of {string.Join(", ", Prefixes.Select(p => p.Prefix))}";
        return null;
    }
}
