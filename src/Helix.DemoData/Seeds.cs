namespace Helix.DemoData;

/// <summary>
/// Fixed mixes of the demo seed and a customer (SplitMix64's finaliser). Not <see cref="HashCode"/>:
/// that is randomised per process, and the demo must be the same in every run. Every customer gets
/// generators of their own, so adding customers never changes the earlier ones, and a customer can be
/// planned again for a later time window with the same result.
/// </summary>
internal static class Seeds
{
    public const int Profile = 1;
    public const int Behaviour = 2;

    public static int For(int seed, int customer, int purpose) => (int)(Mix(seed, customer, purpose) & int.MaxValue);

    /// <summary>A device or cookie id that looks like a UUID (version 4 layout), the same for the same inputs.</summary>
    public static string Uuid(int seed, int customer, int purpose)
    {
        var high = Mix(seed, customer, purpose + 100);
        var low = Mix(seed, customer, purpose + 200);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, high);
        BitConverter.TryWriteBytes(bytes[8..], low);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D").ToUpperInvariant();
    }

    private static ulong Mix(int seed, int customer, int purpose)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)customer) + (ulong)purpose * 0x632BE59BD9B4E019UL + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
