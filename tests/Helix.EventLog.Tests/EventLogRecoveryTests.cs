using Helix.Testing;
using Microsoft.Extensions.Logging;
using static Helix.EventLog.Tests.LogDirectory;

namespace Helix.EventLog.Tests;

/// <summary>What a crash can leave at the end of the last segment, and what reopening makes of it.</summary>
public sealed class EventLogRecoveryTests : IDisposable
{
    private readonly LogDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(30)]
    public async Task LastFrameTruncated_IsDroppedAndEarlierFramesKept(int bytesKeptOfLastFrame)
    {
        await WriteAsync(["a", "b"], ["c"], ["last"]);
        var intact = FrameSize(1, 1) + FrameSize(1);
        Truncate(_directory.LastSegment, intact + bytesKeptOfLastFrame);
        var logger = new ListLogger<EventLog>();

        await using var log = _directory.Open(logger: logger);
        var end = log.End;
        var next = await log.AppendAsync([Payload("new")]);

        Assert.Equal(new LogPosition(3), end);
        Assert.Equal(new LogPosition(3), next);
        Assert.Equal(["a", "b", "c", "new"], log.Read(LogPosition.Start, 10).Select(Text));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains($"dropped {bytesKeptOfLastFrame} byte(s)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageAfterLastFrame_IsDropped()
    {
        await WriteAsync(["a"], ["b", "c"]);
        var length = new FileInfo(_directory.LastSegment).Length;
        await using (var file = new FileStream(_directory.LastSegment, FileMode.Append))
        {
            file.Write([0x48, 0x58, 0x4C, 0x31, 0xFF, 0x00, 0x13, 0x37, 0x42]);
        }

        var logger = new ListLogger<EventLog>();

        await using var log = _directory.Open(logger: logger);
        var next = await log.AppendAsync([Payload("d")]);

        Assert.Equal(new LogPosition(3), next);
        Assert.Equal(["a", "b", "c", "d"], log.Read(LogPosition.Start, 10).Select(Text));
        Assert.Equal(length + FrameSize(1), new FileInfo(_directory.LastSegment).Length);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("dropped 9 byte(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlippedByteInLastFramePayload_DropsThatFrame()
    {
        await WriteAsync(["a"], ["b"], ["payload"]);
        var lastFrameStart = FrameSize(1) + FrameSize(1);
        FlipByte(_directory.LastSegment, lastFrameStart + 24 + 2);

        await using var log = _directory.Open();
        var next = await log.AppendAsync([Payload("c")]);

        Assert.Equal(new LogPosition(2), next);
        Assert.Equal(["a", "b", "c"], log.Read(LogPosition.Start, 10).Select(Text));
    }

    [Fact]
    public async Task FlippedByteInLastFrameLengthField_DropsThatFrame()
    {
        await WriteAsync(["a"], ["bb", "cc"]);
        FlipByte(_directory.LastSegment, FrameSize(1) + 4);

        await using var log = _directory.Open();

        Assert.Equal(new LogPosition(1), log.End);
        Assert.Equal(["a"], log.Read(LogPosition.Start, 10).Select(Text));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(40)]
    [InlineData(52)]
    public async Task MultiRecordFrameTruncated_LosesAllItsRecords(int bytesKeptOfLastFrame)
    {
        await WriteAsync(["first"], ["r1-xxxxxx", "r2-xxxxxx", "r3-xxxxxx"]);
        Assert.True(bytesKeptOfLastFrame < FrameSize(9, 9, 9));
        Truncate(_directory.LastSegment, FrameSize(5) + bytesKeptOfLastFrame);

        await using var log = _directory.Open();

        Assert.Equal(new LogPosition(1), log.End);
        Assert.Equal(["first"], log.Read(LogPosition.Start, 10).Select(Text));
    }

    [Fact]
    public async Task TornTailInLastOfSeveralSegments_EarlierSegmentsIntact()
    {
        // Frames of one 4-byte record are 32 bytes: two per 64-byte segment.
        await WriteAsync(segmentMaxBytes: 64, ["s0-a"], ["s0-b"], ["s1-a"], ["s1-b"], ["s2-a"]);
        Assert.Equal(3, _directory.SegmentFiles().Count);
        Truncate(_directory.LastSegment, 5);

        await using var log = _directory.Open(segmentMaxBytes: 64);
        var next = await log.AppendAsync([Payload("s2-new")]);

        Assert.Equal(new LogPosition(4), next);
        Assert.Equal(["s0-a", "s0-b", "s1-a", "s1-b", "s2-new"], log.Read(LogPosition.Start, 10).Select(Text));
    }

    [Fact]
    public async Task EmptyLastSegment_IsReused()
    {
        await WriteAsync(segmentMaxBytes: 60, ["a"], ["b"], ["c"]);
        Truncate(_directory.LastSegment, 0);

        await using var log = _directory.Open(segmentMaxBytes: 60);
        var next = await log.AppendAsync([Payload("d")]);

        Assert.Equal(new LogPosition(2), next);
        Assert.Equal(["a", "b", "d"], log.Read(LogPosition.Start, 10).Select(Text));
        Assert.Equal(2, _directory.SegmentFiles().Count);
    }

    [Fact]
    public async Task DamagedSealedSegment_RefusesToOpen()
    {
        await WriteAsync(segmentMaxBytes: 60, ["a"], ["b"], ["c"]);
        var firstSegment = Path.Combine(_directory.Path, _directory.SegmentFiles()[0]);
        FlipByte(firstSegment, FrameSize(1) + 1);

        var open = () => _directory.Open(segmentMaxBytes: 60);

        Assert.Throws<InvalidDataException>(open);
    }

    [Fact]
    public async Task CleanLog_ReopensWithoutWarning()
    {
        await WriteAsync(["a"], ["b"]);
        var logger = new ListLogger<EventLog>();

        await using var log = _directory.Open(logger: logger);

        Assert.Equal(new LogPosition(2), log.End);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    private Task WriteAsync(params string[][] appends) => WriteAsync(256L * 1024 * 1024, appends);

    private async Task WriteAsync(long segmentMaxBytes, params string[][] appends)
    {
        await using var log = _directory.Open(segmentMaxBytes);
        foreach (var append in appends)
        {
            await log.AppendAsync([.. append.Select(Payload)]);
        }
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        Assert.True(length < file.Length);
        file.SetLength(length);
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x20));
    }
}
