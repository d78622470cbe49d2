using System.Text;

namespace Helix.Core.Privacy.Erasure;

/// <summary>
/// What an erased message becomes in the event log: a tombstone at the same position, so positions stay dense.
/// Readers of the log skip it. It says nothing about what it replaced.
/// </summary>
public static class ErasedRecord
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("HXERASED1");

    public static ReadOnlyMemory<byte> Tombstone => Marker;

    public static bool Is(ReadOnlySpan<byte> payload) => payload.SequenceEqual(Marker);
}
