namespace Helix.Core.Audiences.Exports;

/// <summary>How a normalised phone number is written before it is hashed; platforms differ, see docs/exports.md.</summary>
public enum PhoneStyle
{
    /// <summary>
    /// Chinese platforms (腾讯广告, 巨量引擎, 阿里妈妈): a Chinese mobile number as its 11 digits (<c>13800138000</c>);
    /// any other number as its country code and number in digits, without <c>+</c> (<c>14155552671</c>).
    /// </summary>
    ChinaMobile,

    /// <summary>Meta: every number with its country code, digits only, no <c>+</c> (<c>8613800138000</c>).</summary>
    CountryCodeDigits,

    /// <summary>Google Customer Match: E.164 with the <c>+</c> (<c>+8613800138000</c>).</summary>
    E164,
}
