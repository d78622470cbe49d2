using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Helix.EventLog.Tests;

public sealed class FrameFormatTests
{
    [Fact]
    public void SealedFrame_HasTheDocumentedLayout()
    {
        ReadOnlyMemory<byte>[] records = [Encoding.ASCII.GetBytes("ab"), Encoding.ASCII.GetBytes("xyz")];
        var length = FrameFormat.Measure(records, 100);
        var frame = new byte[length];

        FrameFormat.Encode(records, frame);
        FrameFormat.Seal(frame, 42);

        Assert.Equal(24 + 4 + 2 + 4 + 3, length);
        Assert.Equal("HXL1", Encoding.ASCII.GetString(frame, 0, 4));
        Assert.Equal(length, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4)));
        Assert.Equal(42L, BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(16)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(20)));
        Assert.Equal("ab", Encoding.ASCII.GetString(frame, 24, 2));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(26)));
        Assert.Equal("xyz", Encoding.ASCII.GetString(frame, 30, 3));
        Assert.Equal(Crc32.HashToUInt32(frame.AsSpan(0, length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(length - 4)));
        Assert.Null(FrameFormat.ReadHeader(frame, out var header));
        Assert.Equal(new FrameHeader(length, 42, 2), header);
        Assert.Null(FrameFormat.Verify(frame, header.RecordCount));
    }

    [Fact]
    public void RecordLengthsNotFillingFrame_FailVerification()
    {
        ReadOnlyMemory<byte>[] records = [Encoding.ASCII.GetBytes("abcd")];
        var frame = new byte[FrameFormat.Measure(records, 100)];
        FrameFormat.Encode(records, frame);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(20), 3);

        FrameFormat.Seal(frame, 0);

        Assert.NotNull(FrameFormat.Verify(frame, 1));
    }
}
