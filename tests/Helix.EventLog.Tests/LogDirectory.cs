using System.Text;
using Helix.Testing;

namespace Helix.EventLog.Tests;

/// <summary>A fresh temporary log directory per test, deleted afterwards, with helpers to damage its files.</summary>
internal sealed class LogDirectory : IDisposable
{
    public LogDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "helix-eventlog-" + Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public EventLogOptions Options(long segmentMaxBytes = 256L * 1024 * 1024, int maxRecordBytes = 1024 * 1024) =>
        new(Path) { SegmentMaxBytes = segmentMaxBytes, MaxRecordBytes = maxRecordBytes };

    public EventLog Open(long segmentMaxBytes = 256L * 1024 * 1024, ListLogger<EventLog>? logger = null) =>
        EventLog.Open(Options(segmentMaxBytes), logger);

    public IReadOnlyList<string> SegmentFiles() =>
        [.. Directory.EnumerateFiles(Path, "*.seg").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public string LastSegment => System.IO.Path.Combine(Path, SegmentFiles()[^1]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    public static ReadOnlyMemory<byte> Payload(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(LogRecord record) => Encoding.UTF8.GetString(record.Payload.Span);

    /// <summary>The on-disk size of a frame holding records of these sizes (see FrameFormat).</summary>
    public static int FrameSize(params int[] recordSizes) => 24 + recordSizes.Sum(size => 4 + size);
}
