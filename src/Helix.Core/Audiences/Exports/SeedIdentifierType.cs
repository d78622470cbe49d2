namespace Helix.Core.Audiences.Exports;

/// <summary>The kinds of identifier an ad platform's seed audience (号码包, customer list) is matched on.</summary>
public enum SeedIdentifierType
{
    /// <summary>A mobile phone number; see <see cref="SeedNormalizer"/> for the form per <see cref="PhoneStyle"/>.</summary>
    Phone,

    /// <summary>An e-mail address, trimmed and lower-cased.</summary>
    Email,

    /// <summary>Apple's advertising identifier, upper-case 8-4-4-4-12.</summary>
    Idfa,

    /// <summary>An IMEI (14 or 15 digits) or a MEID (14 hex digits), lower-case.</summary>
    Imei,

    /// <summary>The MSA open anonymous device identifier, lower-case.</summary>
    Oaid,

    /// <summary>Android's <c>Settings.Secure.ANDROID_ID</c>, lower-case hex.</summary>
    AndroidId,
}
