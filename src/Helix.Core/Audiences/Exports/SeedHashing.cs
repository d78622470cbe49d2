using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Audiences.Exports;

/// <summary>The digests ad platforms match on: lower-case hex of the UTF-8 bytes of a normalised value.</summary>
public static class SeedHashing
{
    public static string Hash(string normalized, SeedHash hash)
    {
        var bytes = Encoding.UTF8.GetBytes(normalized);
        return Convert.ToHexStringLower(hash switch
        {
#pragma warning disable CA5351 // MD5 is the match key 腾讯广告, 巨量引擎 and 阿里妈妈 ask for, not a security control.
            SeedHash.Md5 => MD5.HashData(bytes),
#pragma warning restore CA5351
            SeedHash.Sha256 => SHA256.HashData(bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
        });
    }
}
