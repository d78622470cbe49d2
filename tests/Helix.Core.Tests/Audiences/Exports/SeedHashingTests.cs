using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

/// <summary>Known vectors: from <c>printf '…' | md5sum</c> / <c>sha256sum</c>, and the examples in 腾讯广告's documentation.</summary>
public sealed class SeedHashingTests
{
    [Theory]
    [InlineData("13800138000", SeedHash.Md5, "7945bd83237335e5376ff44d62e4f0ae")]
    [InlineData("13800138000", SeedHash.Sha256, "a6942f9771d67f34034d2f1926988ed3fad3bf1b4e7cedb9a31f31398dea43bc")]
    [InlineData("+8613800138000", SeedHash.Sha256, "ec61f3c620a98bdead8c1f1f0ae747abd1b62a0c2dba4fd4bc22cf0d1d8653e5")]
    [InlineData("alice@example.com", SeedHash.Md5, "c160f8cc69a4f0bf2b0362752353d060")]
    [InlineData("alice@example.com", SeedHash.Sha256, "ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976")]
    public void KnownVectors(string value, SeedHash hash, string expected)
    {
        Assert.Equal(expected, SeedHashing.Hash(value, hash));
    }

    [Theory]
    // developers.e.qq.com 客户文件人群, HASH_IDFA and HASH_IMEI examples.
    [InlineData(SeedIdentifierType.Idfa, "ff1999cd71774937a47474937a102630", "2c010ed96aef2fc34983e1e7e9176b7e")]
    [InlineData(SeedIdentifierType.Imei, "A000002C9060F7", "f2d5a650733ca8c27d502b1c08da14e5")]
    // datanexus.qq.com ID上报方式, IMEI and OAID test cases.
    [InlineData(SeedIdentifierType.Imei, "868049039501257", "8d3ebd3654fb46a2832296669cf1b536")]
    [InlineData(SeedIdentifierType.Oaid, "1FE9A970-EFBB-29E0-0BDD-F5DBBF751AB5", "83e9158a4fb54c0e1ef0b238639a23ae")]
    [InlineData(SeedIdentifierType.Phone, "+86 138 0013 8000", "7945bd83237335e5376ff44d62e4f0ae")]
    public void NormalisedThenMd5_MatchesTencentExamples(SeedIdentifierType type, string value, string expected)
    {
        var normalized = SeedNormalizer.Normalize(value, type).Value!;

        Assert.Equal(expected, SeedHashing.Hash(normalized, SeedHash.Md5));
    }

    [Fact]
    public void FullWidthDigits_HashLikeAscii()
    {
        var normalized = SeedNormalizer.Normalize("１３８００１３８０００", SeedIdentifierType.Phone).Value!;

        Assert.Equal("a6942f9771d67f34034d2f1926988ed3fad3bf1b4e7cedb9a31f31398dea43bc", SeedHashing.Hash(normalized, SeedHash.Sha256));
    }
}
