using System.Text;
using static Helix.EventLog.Tests.LogDirectory;

namespace Helix.EventLog.Tests;

public sealed class EventLogRedactionTests : IDisposable
{
    private static readonly ReadOnlyMemory<byte> Tombstone = Encoding.UTF8.GetBytes("erased");
    private readonly LogDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Redact_ReplacesChosenRecordsKeepsPositionsAndOthers()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("a-secret"), Payload("b"), Payload("c-secret")]);
        await log.AppendAsync([Payload("d")]);

        var changed = log.Redact([0, 2], _ => Tombstone);
        var records = log.Read(LogPosition.Start, 10);

        Assert.Equal(2, changed);
        Assert.Equal(["erased", "b", "erased", "d"], records.Select(Text));
        Assert.Equal([0L, 1L, 2L, 3L], records.Select(r => r.Position.Value));
        Assert.DoesNotContain("secret", FileText());
    }

    [Fact]
    public async Task RedactActiveSegment_LaterAppendsFollowAndSurviveReopen()
    {
        await using (var log = _directory.Open())
        {
            await log.AppendAsync([Payload("0-secret"), Payload("1")]);

            log.Redact([0], _ => Tombstone);
            var next = await log.AppendAsync([Payload("2")]);

            Assert.Equal(2L, next.Value);
            Assert.Equal(["erased", "1", "2"], log.Read(LogPosition.Start, 10).Select(Text));
        }

        await using var reopened = _directory.Open();

        Assert.Equal(new LogPosition(3), reopened.End);
        Assert.Equal(["erased", "1", "2"], reopened.Read(LogPosition.Start, 10).Select(Text));
        Assert.DoesNotContain("secret", FileText());
    }

    [Fact]
    public async Task RedactAcrossSealedSegments_RewritesEachAndOnlyThose()
    {
        await using var log = _directory.Open(segmentMaxBytes: 64);
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync([Payload($"{i}-secret-payload")]);
        }

        var before = _directory.SegmentFiles();
        var untouched = File.GetLastWriteTimeUtc(Path.Combine(_directory.Path, before[1]));

        var changed = log.Redact([0, 4], _ => Tombstone);

        Assert.Equal(2, changed);
        Assert.Equal(before, _directory.SegmentFiles());
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(Path.Combine(_directory.Path, before[1])));
        Assert.Equal(["erased", "1-secret-payload", "2-secret-payload", "3-secret-payload", "erased", "5-secret-payload"],
            log.Read(LogPosition.Start, 10).Select(Text));
        Assert.DoesNotContain("0-secret", FileText());
        Assert.DoesNotContain("4-secret", FileText());
    }

    [Fact]
    public async Task RedactTwice_SecondChangesNothing()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("x")]);
        log.Redact([0], _ => Tombstone);

        var again = log.Redact([0], _ => Tombstone);

        Assert.Equal(0, again);
    }

    [Fact]
    public async Task PositionsOutsideTheLog_AreIgnored()
    {
        await using var log = _directory.Open();
        await log.AppendAsync([Payload("x")]);

        var changed = log.Redact([-1, 1, 99], _ => Tombstone);

        Assert.Equal(0, changed);
        Assert.Equal(["x"], log.Read(LogPosition.Start, 10).Select(Text));
    }

    [Fact]
    public async Task RedactWhileAppendingAndReading_LosesNothing()
    {
        await using var log = _directory.Open(segmentMaxBytes: 4096);
        for (var i = 0; i < 200; i++)
        {
            await log.AppendAsync([Payload($"{i}")]);
        }

        using var stop = new CancellationTokenSource();
        var appends = Task.Run(async () =>
        {
            for (var i = 200; i < 1200; i++)
            {
                await log.AppendAsync([Payload($"{i}")]);
            }
        });
        var reads = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var records = log.Read(LogPosition.Start, 100_000);
                Assert.Equal(Enumerable.Range(0, records.Count).Select(i => (long)i), records.Select(r => r.Position.Value));
            }
        });
        for (var round = 0; round < 20; round++)
        {
            log.Redact([round * 10], _ => Tombstone);
        }

        await appends;
        await stop.CancelAsync();
        await reads;

        var all = log.Read(LogPosition.Start, 100_000);
        Assert.Equal(1200, all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal(i % 10 == 0 && i < 200 ? "erased" : $"{i}", Text(all[i]));
        }
    }

    /// <summary>Every file of the log directory but the lock: segments and any temporary file a rewrite left.</summary>
    private string FileText() =>
        string.Concat(Directory.EnumerateFiles(_directory.Path)
            .Where(f => Path.GetFileName(f) != "LOCK")
            .Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}
