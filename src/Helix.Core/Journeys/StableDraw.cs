using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Journeys;

/// <summary>
/// A number in [0, 1) drawn from a text by hashing it: the same text always draws the same number, on any server and in
/// any replay. Journeys' splits and holdouts and the global holdout decide by it.
/// </summary>
public static class StableDraw
{
    public static double Of(string text) =>
        (BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) >> 11) * (1.0 / (1UL << 53));
}
