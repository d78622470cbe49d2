namespace Helix.Core.Audiences.Exports;

/// <summary>The digest a seed file carries, written as lower-case hex of the UTF-8 normalised value.</summary>
public enum SeedHash
{
    Md5,
    Sha256,
}
