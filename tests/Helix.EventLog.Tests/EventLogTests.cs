using static Helix.EventLog.Tests.LogDirectory;

namespace Helix.EventLog.Tests;

public sealed class EventLogTests : IDisposable
{
    private readonly LogDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SingleAppend_ReadsBackAtStart()
    {
        await using var log = _directory.Open();

        var position = await log.AppendAsync([Payload("one")]);
        var records = log.Read(LogPosition.Start, 10);

        Assert.Equal(LogPosition.Start, position);
        Assert.Equal(new LogPosition(1), log.End);
        var record = Assert.Single(records);
        Assert.Equal(LogPosition.Start, record.Position);
        Assert.Equal("one", Text(record));
    }

    [Fact]
    public async Task SeveralAppends_PositionsAreContiguous()
    {
        await using var log = _directory.Open();

        var first = await log.AppendAsync([Payload("a"), Payload("b")]);
        var second = await log.AppendAsync([Payload("c")]);
        var third = await log.AppendAsync([Payload("d"), Payload(""), Payload("f")]);
        var records = log.Read(LogPosition.Start, 100);

        Assert.Equal([0L, 2L, 3L], [first.Value, second.Value, third.Value]);
        Assert.Equal(new LogPosition(6), log.End);
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], records.Select(r => r.Position.Value));
        Assert.Equal(["a", "b", "c", "d", "", "f"], records.Select(Text));
    }

    [Fact]
    public async Task ReadFromInsideFrame_StartsThereAndHonoursMaxRecords()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("0"), Payload("1"), Payload("2")]);
        await log.AppendAsync([Payload("3"), Payload("4")]);

        var records = log.Read(new LogPosition(1), 3);

        Assert.Equal(["1", "2", "3"], records.Select(Text));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Position.Value));
    }

    [Fact]
    public async Task ReadFromEnd_ReturnsEmpty()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("a")]);

        var atEnd = log.Read(log.End, 10);

        Assert.Empty(atEnd);
    }

    [Fact]
    public async Task ReadPastEnd_Throws()
    {
        await using var log = _directory.Open();

        var read = () => log.Read(new LogPosition(1), 10);

        Assert.Throws<ArgumentOutOfRangeException>(read);
    }

    [Fact]
    public async Task SmallSegments_RollOverAndReadAcrossThem()
    {
        // Each 3-record frame of 10-byte payloads is 66 bytes: two fit in a 150-byte segment.
        await using var log = _directory.Open(segmentMaxBytes: 150);
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync([Payload($"rec-{3 * i,6}"), Payload($"rec-{(3 * i) + 1,6}"), Payload($"rec-{(3 * i) + 2,6}")]);
        }

        var all = log.Read(LogPosition.Start, 1000);
        var fromMiddle = log.Read(new LogPosition(5), 10);

        Assert.Equal(
            ["00000000000000000000.seg", "00000000000000000006.seg", "00000000000000000012.seg", "00000000000000000018.seg", "00000000000000000024.seg"],
            _directory.SegmentFiles());
        Assert.All(_directory.SegmentFiles(), f => Assert.Equal(2 * FrameSize(10, 10, 10), new FileInfo(Path.Combine(_directory.Path, f)).Length));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"rec-{i,6}"), all.Select(Text));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), all.Select(r => r.Position.Value));
        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"rec-{i,6}"), fromMiddle.Select(Text));
    }

    [Fact]
    public async Task FrameLargerThanSegment_GetsASegmentOfItsOwn()
    {
        await using var log = _directory.Open(segmentMaxBytes: 50);

        await log.AppendAsync([Payload(new string('x', 100))]);
        await log.AppendAsync([Payload(new string('y', 100))]);
        var records = log.Read(LogPosition.Start, 10);

        Assert.Equal(["00000000000000000000.seg", "00000000000000000001.seg"], _directory.SegmentFiles());
        Assert.Equal([new string('x', 100), new string('y', 100)], records.Select(Text));
    }

    [Fact]
    public async Task Reopen_SeesEverythingAndContinuesPositions()
    {
        var log = _directory.Open(segmentMaxBytes: 100);
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync([Payload($"first-{i}"), Payload($"second-{i}")]);
        }

        await log.DisposeAsync();

        await using var reopened = _directory.Open(segmentMaxBytes: 100);
        var endAfterReopen = reopened.End;
        var next = await reopened.AppendAsync([Payload("after")]);
        var records = reopened.Read(LogPosition.Start, 100);

        Assert.Equal(new LogPosition(10), endAfterReopen);
        Assert.Equal(new LogPosition(10), next);
        Assert.Equal(11, records.Count);
        Assert.Equal("first-0", Text(records[0]));
        Assert.Equal("second-4", Text(records[9]));
        Assert.Equal("after", Text(records[10]));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), records.Select(r => r.Position.Value));
    }

    [Fact]
    public async Task ConcurrentAppends_EveryRecordOnceAndEachCallerContiguous()
    {
        const int callers = 16;
        const int appendsPerCaller = 50;
        const int recordsPerAppend = 7;
        await using var log = _directory.Open(segmentMaxBytes: 64 * 1024);

        var appended = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var firsts = new List<long>();
            for (var append = 0; append < appendsPerCaller; append++)
            {
                var records = Enumerable.Range(0, recordsPerAppend).Select(r => Payload($"{caller}/{append}/{r}")).ToList();
                firsts.Add((await log.AppendAsync(records)).Value);
            }

            return (Caller: caller, Firsts: firsts);
        })));
        var all = new List<LogRecord>();
        while (all.Count < log.End.Value)
        {
            all.AddRange(log.Read(new LogPosition(all.Count), 333));
        }

        Assert.Equal(callers * appendsPerCaller * recordsPerAppend, log.End.Value);
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(r => r.Position.Value));
        Assert.Equal(all.Count, all.Select(Text).Distinct().Count());
        Assert.True(_directory.SegmentFiles().Count > 1);
        foreach (var (caller, firsts) in appended)
        {
            for (var append = 0; append < appendsPerCaller; append++)
            {
                var expected = Enumerable.Range(0, recordsPerAppend).Select(r => $"{caller}/{append}/{r}");
                Assert.Equal(expected, all.Skip((int)firsts[append]).Take(recordsPerAppend).Select(Text));
            }
        }
    }

    [Fact]
    public async Task SecondOpen_ThrowsEventLogLockedException()
    {
        await using var log = _directory.Open();

        var second = () => _directory.Open();

        var exception = Assert.Throws<EventLogLockedException>(second);
        Assert.Contains(_directory.Path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenLog_HoldsAnOsLockOtherProcessesSee()
    {
        await using var log = _directory.Open();

        // flock(1) takes the same flock(2) lock as another process opening the log would.
        using var flock = System.Diagnostics.Process.Start("flock", ["--nonblock", Path.Combine(_directory.Path, "LOCK"), "true"]);
        await flock.WaitForExitAsync();

        Assert.Equal(1, flock.ExitCode);
    }

    [Fact]
    public async Task OpenAfterDispose_Succeeds()
    {
        var log = _directory.Open();
        await log.AppendAsync([Payload("a")]);
        await log.DisposeAsync();

        await using var reopened = _directory.Open();

        Assert.Equal(new LogPosition(1), reopened.End);
    }

    [Fact]
    public async Task WaitForRecord_CompletesOnceAppended()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("a")]);
        var wait = log.WaitForRecordAsync(new LogPosition(2));
        var notYet = wait.IsCompleted;

        await log.AppendAsync([Payload("b"), Payload("c")]);
        await wait;

        Assert.False(notYet);
        Assert.True(log.WaitForRecordAsync(new LogPosition(2)).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForRecord_Cancelled_Throws()
    {
        await using var log = _directory.Open();
        using var cancellation = new CancellationTokenSource();
        var wait = log.WaitForRecordAsync(LogPosition.Start, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task WaitForRecord_LogDisposed_ThrowsObjectDisposed()
    {
        var log = _directory.Open();
        var wait = log.WaitForRecordAsync(LogPosition.Start);

        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);
    }

    [Fact]
    public async Task EmptyAppend_ThrowsAndLeavesLogUnchanged()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("a")]);

        var append = () => log.AppendAsync([]).AsTask();

        await Assert.ThrowsAsync<ArgumentException>(append);
        Assert.Equal(new LogPosition(1), log.End);
        Assert.Equal(new LogPosition(1), await log.AppendAsync([Payload("b")]));
    }

    [Fact]
    public async Task OversizedRecord_ThrowsAndLeavesLogUnchanged()
    {
        await using var log = EventLog.Open(_directory.Options(maxRecordBytes: 10));
        await log.AppendAsync([Payload("0123456789")]);

        var append = () => log.AppendAsync([Payload("ok"), Payload("0123456789x")]).AsTask();

        await Assert.ThrowsAsync<ArgumentException>(append);
        Assert.Equal(new LogPosition(1), log.End);
        Assert.Equal(["0123456789"], log.Read(LogPosition.Start, 10).Select(Text));
        Assert.Equal(new LogPosition(1), await log.AppendAsync([Payload("b")]));
    }

    [Fact]
    public async Task AppendAfterDispose_ThrowsObjectDisposed()
    {
        var log = _directory.Open();
        await log.DisposeAsync();

        var append = () => log.AppendAsync([Payload("a")]).AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(append);
    }

    [Fact]
    public async Task DisposeWithPendingAppends_CompletesThemDurably()
    {
        var log = _directory.Open();
        var appends = Enumerable.Range(0, 20).Select(i => log.AppendAsync([Payload($"r{i}")]).AsTask()).ToList();

        await log.DisposeAsync();
        await using var reopened = _directory.Open();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(new LogPosition(20), reopened.End);
    }

    [Fact]
    public async Task WriteFailure_FailsTheAppendAndPoisonsTheLog()
    {
        await using var log = _directory.Open(segmentMaxBytes: 10);
        await log.AppendAsync([Payload("a")]);
        // The next append must roll over to this segment; a file already in the way makes that fail.
        await File.WriteAllBytesAsync(Path.Combine(_directory.Path, "00000000000000000001.seg"), []);

        var failed = () => log.AppendAsync([Payload("b")]).AsTask();
        var refused = () => log.AppendAsync([Payload("c")]).AsTask();

        await Assert.ThrowsAsync<IOException>(failed);
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(refused);
        Assert.IsType<IOException>(refusal.InnerException);
        Assert.Equal(new LogPosition(1), log.End);
        Assert.Equal(["a"], log.Read(LogPosition.Start, 10).Select(Text));
    }
}
