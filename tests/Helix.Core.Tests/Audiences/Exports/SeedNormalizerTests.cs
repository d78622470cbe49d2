using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

public sealed class SeedNormalizerTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData(" 138 0013 8000 ")]
    [InlineData("138-0013-8000")]
    [InlineData("+86 138-0013-8000")]
    [InlineData("+8613800138000")]
    [InlineData("008613800138000")]
    [InlineData("8613800138000")]
    [InlineData("(+86) 138.0013.8000")]
    [InlineData("１３８００１３８０００")]
    [InlineData("＋８６　１３８００１３８０００")]
    public void ChineseMobile_WrittenAnyWay_IsElevenDigits(string value)
    {
        var normalized = SeedNormalizer.Normalize(value, SeedIdentifierType.Phone);

        Assert.Equal(SeedValue.Of("13800138000"), normalized);
    }

    [Theory]
    [InlineData("+86 138 0013 8000", PhoneStyle.ChinaMobile, "13800138000")]
    [InlineData("+86 138 0013 8000", PhoneStyle.CountryCodeDigits, "8613800138000")]
    [InlineData("+86 138 0013 8000", PhoneStyle.E164, "+8613800138000")]
    [InlineData("+1 (415) 555-2671", PhoneStyle.ChinaMobile, "14155552671")]
    [InlineData("+1 (415) 555-2671", PhoneStyle.CountryCodeDigits, "14155552671")]
    [InlineData("+1 (415) 555-2671", PhoneStyle.E164, "+14155552671")]
    [InlineData("0044 20 7183 8750", PhoneStyle.E164, "+442071838750")]
    public void Phone_IsWrittenPerStyle_InternationalKeepsCountryCode(string value, PhoneStyle style, string expected)
    {
        var normalized = SeedNormalizer.Normalize(value, SeedIdentifierType.Phone, style);

        Assert.Equal(expected, normalized.Value);
    }

    [Theory]
    [InlineData("021-12345678")]
    [InlineData("+86 21 1234 5678")]
    [InlineData("12345678901")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("138****8000")]
    [InlineData("tel:13800138000")]
    [InlineData("+1 555")]
    [InlineData("+1234567890123456")]
    [InlineData("+0 415 555 2671")]
    [InlineData("138+00138000")]
    [InlineData("++8613800138000")]
    public void NotAMobileNumber_IsInvalid(string value)
    {
        var normalized = SeedNormalizer.Normalize(value, SeedIdentifierType.Phone);

        Assert.Equal(SeedValue.Skip(ExportSkipReason.Invalid), normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_IsMissing(string? value)
    {
        foreach (var type in Enum.GetValues<SeedIdentifierType>())
        {
            Assert.Equal(ExportSkipReason.Missing, SeedNormalizer.Normalize(value, type).Skipped);
        }
    }

    [Theory]
    [InlineData("  Alice.Smith+tag@Gmail.COM ", "alice.smith+tag@gmail.com")]
    [InlineData("ＡＬＩＣＥ＠ｅｘａｍｐｌｅ．ｃｏｍ", "alice@example.com")]
    public void Email_IsTrimmedAndLowerCased_GmailDotsKept(string value, string expected)
    {
        var normalized = SeedNormalizer.Normalize(value, SeedIdentifierType.Email);

        Assert.Equal(expected, normalized.Value);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("a@b@c")]
    [InlineData("al ice@example.com")]
    public void Email_WithoutOneAtBetweenText_IsInvalid(string value)
    {
        Assert.Equal(ExportSkipReason.Invalid, SeedNormalizer.Normalize(value, SeedIdentifierType.Email).Skipped);
    }

    [Theory]
    [InlineData("ff1999cd-7177-4937-a474-74937a102630")]
    [InlineData("FF1999CD71774937A47474937A102630")]
    [InlineData(" FF1999CD-7177-4937-A474-74937A102630 ")]
    public void Idfa_IsUpperCaseWithHyphens(string value)
    {
        var normalized = SeedNormalizer.Normalize(value, SeedIdentifierType.Idfa);

        Assert.Equal("FF1999CD-7177-4937-A474-74937A102630", normalized.Value);
    }

    [Theory]
    [InlineData(SeedIdentifierType.Idfa, "00000000-0000-0000-0000-000000000000", ExportSkipReason.ZeroDeviceId)]
    [InlineData(SeedIdentifierType.Oaid, "00000000-0000-0000-0000-000000000000", ExportSkipReason.ZeroDeviceId)]
    [InlineData(SeedIdentifierType.Oaid, "0000000000000000000000000000000000000000000000000000000000000000", ExportSkipReason.ZeroDeviceId)]
    [InlineData(SeedIdentifierType.Imei, "000000000000000", ExportSkipReason.ZeroDeviceId)]
    [InlineData(SeedIdentifierType.AndroidId, "0000000000000000", ExportSkipReason.ZeroDeviceId)]
    [InlineData(SeedIdentifierType.Idfa, "FF1999CD-7177-4937-A474", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Idfa, "GG1999CD-7177-4937-A474-74937A102630", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Imei, "8680490395012", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Imei, "8680490395012570", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Imei, "86804903950125z", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Oaid, "abc", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.Oaid, "not-an-oaid-value-at-all", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.AndroidId, "9774d56d682e549c1", ExportSkipReason.Invalid)]
    [InlineData(SeedIdentifierType.AndroidId, "android", ExportSkipReason.Invalid)]
    public void UnusableDeviceId_IsSkipped_AllZeroAsLimitAdTracking(SeedIdentifierType type, string value, ExportSkipReason reason)
    {
        Assert.Equal(SeedValue.Skip(reason), SeedNormalizer.Normalize(value, type));
    }

    [Theory]
    [InlineData(SeedIdentifierType.Imei, "86-804903-950125-7", "868049039501257")]
    [InlineData(SeedIdentifierType.Imei, "A000002C9060F7", "a000002c9060f7")]
    [InlineData(SeedIdentifierType.Oaid, "1FE9A970-EFBB-29E0-0BDD-F5DBBF751AB5", "1fe9a970-efbb-29e0-0bdd-f5dbbf751ab5")]
    [InlineData(SeedIdentifierType.AndroidId, " 9774D56D682E549C ", "9774d56d682e549c")]
    public void DeviceId_IsLowerCase(SeedIdentifierType type, string value, string expected)
    {
        Assert.Equal(expected, SeedNormalizer.Normalize(value, type).Value);
    }

    [Theory]
    [InlineData("\uD800")]
    [InlineData("138\uDC0000138000")]
    public void IllFormedUtf16_IsInvalid_NotAnException(string value)
    {
        foreach (var type in Enum.GetValues<SeedIdentifierType>())
        {
            Assert.Equal(ExportSkipReason.Invalid, SeedNormalizer.Normalize(value, type).Skipped);
        }
    }
}
