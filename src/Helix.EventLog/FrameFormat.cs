using System.Buffers.Binary;
using System.IO.Hashing;

namespace Helix.EventLog;

/// <summary>
/// One frame holds the records of one append, so a crash keeps all of them or none. Little-endian layout:
/// <code>
/// magic u32 "HXL1" | frame length i32 (whole frame, magic to checksum) | first position i64 | record count i32
/// | count × (payload length i32 | payload bytes) | CRC-32 (IEEE) u32 over everything before it
/// </code>
/// </summary>
internal static class FrameFormat
{
    public const uint Magic = 0x314C5848; // "HXL1" read as little-endian bytes
    public const int HeaderSize = 20;
    public const int RecordHeaderSize = 4;
    public const int ChecksumSize = 4;
    public const int Overhead = HeaderSize + ChecksumSize;
    public const int MinFrameSize = Overhead + RecordHeaderSize;

    private const int LengthOffset = 4;
    private const int PositionOffset = 8;
    private const int CountOffset = 16;

    /// <summary>The size of the frame for these records.</summary>
    /// <exception cref="ArgumentException">No records, a record over <paramref name="maxRecordBytes"/>, or a frame over the array limit.</exception>
    public static int Measure(IReadOnlyList<ReadOnlyMemory<byte>> records, int maxRecordBytes)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("An append needs at least one record.", nameof(records));
        }

        long length = Overhead;
        for (var i = 0; i < records.Count; i++)
        {
            var recordLength = records[i].Length;
            if (recordLength > maxRecordBytes)
            {
                throw new ArgumentException(
                    $"Record {i} has {recordLength} bytes, over the limit of {maxRecordBytes} bytes.", nameof(records));
            }

            length += RecordHeaderSize + recordLength;
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"The records make a frame of {length} bytes; one append can hold at most {Array.MaxLength}.", nameof(records));
        }

        return (int)length;
    }

    /// <summary>
    /// Writes the frame with position 0 and no checksum; <see cref="Seal"/> completes it once the writer
    /// knows the position. Copying here, on the caller's thread, frees the caller's buffers right away.
    /// </summary>
    public static void Encode(IReadOnlyList<ReadOnlyMemory<byte>> records, Span<byte> frame)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame[LengthOffset..], frame.Length);
        BinaryPrimitives.WriteInt64LittleEndian(frame[PositionOffset..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(frame[CountOffset..], records.Count);
        var offset = HeaderSize;
        for (var i = 0; i < records.Count; i++)
        {
            var payload = records[i].Span;
            BinaryPrimitives.WriteInt32LittleEndian(frame[offset..], payload.Length);
            payload.CopyTo(frame[(offset + RecordHeaderSize)..]);
            offset += RecordHeaderSize + payload.Length;
        }
    }

    public static void Seal(Span<byte> frame, long firstPosition)
    {
        BinaryPrimitives.WriteInt64LittleEndian(frame[PositionOffset..], firstPosition);
        var body = frame[..^ChecksumSize];
        BinaryPrimitives.WriteUInt32LittleEndian(frame[^ChecksumSize..], Crc32.HashToUInt32(body));
    }

    /// <summary>Checks what the header alone can tell; returns the reason it is not a frame header, or null.</summary>
    public static string? ReadHeader(ReadOnlySpan<byte> header, out FrameHeader frame)
    {
        frame = new FrameHeader(
            BinaryPrimitives.ReadInt32LittleEndian(header[LengthOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[PositionOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[CountOffset..]));
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return "bad magic";
        }

        if (frame.RecordCount < 1 || frame.Length < MinFrameSize || (frame.Length - Overhead) / RecordHeaderSize < frame.RecordCount)
        {
            return "impossible frame length or record count";
        }

        return null;
    }

    /// <summary>Checks the checksum and that the record lengths fill the frame exactly; returns the reason it does not, or null.</summary>
    public static string? Verify(ReadOnlySpan<byte> frame, int recordCount)
    {
        var body = frame[..^ChecksumSize];
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(frame[^ChecksumSize..]))
        {
            return "checksum mismatch";
        }

        var offset = HeaderSize;
        for (var i = 0; i < recordCount; i++)
        {
            if (body.Length - offset < RecordHeaderSize)
            {
                return "record lengths overrun the frame";
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(body[offset..]);
            if (length < 0 || length > body.Length - offset - RecordHeaderSize)
            {
                return "record lengths overrun the frame";
            }

            offset += RecordHeaderSize + length;
        }

        return offset == body.Length ? null : "record lengths do not fill the frame";
    }

    /// <summary>Reads the payload length at <paramref name="offset"/> of a verified frame.</summary>
    public static int ReadRecordLength(ReadOnlySpan<byte> frame, int offset) => BinaryPrimitives.ReadInt32LittleEndian(frame[offset..]);
}
