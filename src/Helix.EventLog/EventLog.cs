using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Helix.EventLog;

/// <summary>
/// The durable, append-only log of record payloads: the source of truth. It knows bytes, not events.
/// An append is acknowledged only once it is written and fsynced, and it is all-or-nothing across a
/// crash (kill -9 or power loss): one append is one checksummed frame, and recovery drops a torn tail.
/// </summary>
/// <remarks>
/// The directory holds segment files named after the position of their first record
/// (<c>00000000000000000000.seg</c>), see <see cref="FrameFormat"/> for their content, and a lock file.
/// Appends are group-committed by a single writer; reads are positional and never see a record that is
/// not yet durable.
/// </remarks>
public sealed partial class EventLog : IAsyncDisposable
{
    /// <summary>Bounds the buffer of one <see cref="Read"/>; a read returns fewer records rather than allocate more.</summary>
    private const int MaxReadBytes = 16 * 1024 * 1024;

    private readonly EventLogOptions _options;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly DirectoryLock _lock;
    private readonly Channel<PendingAppend> _pending =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });

    // Guards _segments, the segments' indexes and handles; _end only grows while it is held.
    private readonly Lock _sync = new();
    private readonly List<Segment> _segments;
    private long _end;
    private bool _closed;

    // Completed (and replaced) whenever _end grows; faulted for good on dispose.
    private TaskCompletionSource _endAdvanced = NewSignal();

    // Set once when a write or fsync fails; from then on nothing is acknowledged.
    private Exception? _failure;
    private Task? _disposal;
    private readonly Task _writer;

    private EventLog(EventLogOptions options, string directory, ILogger logger, DirectoryLock directoryLock, List<Segment> segments, SafeFileHandle writeHandle)
    {
        _options = options;
        _directory = directory;
        _logger = logger;
        _lock = directoryLock;
        _segments = segments;
        _end = segments[^1].EndPosition;
        _active = segments[^1];
        _activeHandle = writeHandle;
        _writeOffset = _active.Length;
        _writeEnd = _end;
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Position one past the last durable record: what readers may see.</summary>
    public LogPosition End => new(Volatile.Read(ref _end));

    /// <summary>
    /// Opens the log in <see cref="EventLogOptions.Directory"/> (creating it if needed), takes its lock and
    /// recovers: a torn or corrupt tail of the last segment (a frame whose length or checksum does not check
    /// out) is truncated, with a warning saying how many bytes were dropped.
    /// </summary>
    /// <exception cref="EventLogLockedException">Another instance, in this process or another one, has the directory open.</exception>
    /// <exception cref="InvalidDataException">A segment other than the last is damaged or segments are missing: not a crash artefact, so nothing is dropped.</exception>
    public static EventLog Open(EventLogOptions options, ILogger<EventLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SegmentMaxBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecordBytes);

        var directory = Path.GetFullPath(options.Directory);
        if (!System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.CreateDirectory(directory);
            if (Path.GetDirectoryName(directory) is { } parent)
            {
                DirectorySync.Flush(parent);
            }
        }

        var directoryLock = DirectoryLock.Acquire(directory);
        List<Segment>? segments = null;
        SafeFileHandle? writeHandle = null;
        try
        {
            var log = (ILogger?)logger ?? NullLogger<EventLog>.Instance;
            segments = Recover(directory, log);
            writeHandle = File.OpenHandle(segments[^1].Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            var active = segments[^1];
            if (RandomAccess.GetLength(writeHandle) != active.Length)
            {
                RandomAccess.SetLength(writeHandle, active.Length);
                RandomAccess.FlushToDisk(writeHandle);
            }

            var eventLog = new EventLog(options, directory, log, directoryLock, segments, writeHandle);
            eventLog.LogOpened(directory, segments.Count, segments[0].BasePosition, eventLog._end);
            return eventLog;
        }
        catch
        {
            writeHandle?.Dispose();
            segments?.ForEach(s => s.Dispose());
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends <paramref name="records"/> as one atomic frame: after a crash either all of them are in the log
    /// or none. Completes once the frame is written and fsynced, with the position of its first record;
    /// concurrent appends share one write and one fsync. Cancellation only stops the wait: once this method
    /// has returned, the records may still be appended. An append that fails with an I/O error may still be
    /// found in the log after a restart (not acknowledged, not necessarily absent).
    /// </summary>
    /// <exception cref="ArgumentException">No records, or a record over <see cref="EventLogOptions.MaxRecordBytes"/>; nothing is appended.</exception>
    /// <exception cref="InvalidOperationException">An earlier write failed: the log acknowledges nothing until reopened.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    public ValueTask<LogPosition> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var length = FrameFormat.Measure(records, _options.MaxRecordBytes);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<LogPosition>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposal) is not null, this);
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw Poisoned(failure);
        }

        var frame = ArrayPool<byte>.Shared.Rent(length);
        var pending = new PendingAppend(frame, length, records.Count);
        FrameFormat.Encode(records, pending.Bytes);
        if (!_pending.Writer.TryWrite(pending))
        {
            ArrayPool<byte>.Shared.Return(frame);
            throw new ObjectDisposedException(GetType().FullName);
        }

        return cancellationToken.CanBeCanceled
            ? new ValueTask<LogPosition>(pending.Task.WaitAsync(cancellationToken))
            : new ValueTask<LogPosition>(pending.Task);
    }

    /// <summary>Completes once a record at <paramref name="position"/> is durable (<see cref="End"/> is past it).</summary>
    /// <exception cref="ObjectDisposedException">The log was disposed before that happened.</exception>
    public Task WaitForRecordAsync(LogPosition position, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _end) > position.Value)
        {
            return Task.CompletedTask;
        }

        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled(cancellationToken)
            : WaitForEndAsync(position.Value, cancellationToken);
    }

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> durable records from <paramref name="from"/> on; empty when
    /// <paramref name="from"/> is <see cref="End"/>. May return fewer records than are available (it bounds
    /// its buffer), but at least one when <paramref name="from"/> is before <see cref="End"/>. Safe to call
    /// concurrently with appends and other reads.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="from"/> is past <see cref="End"/> or before the first record, or <paramref name="maxRecords"/> is not positive.</exception>
    /// <exception cref="InvalidDataException">A durable frame fails its checksum: the disk corrupted it.</exception>
    public IReadOnlyList<LogRecord> Read(LogPosition from, int maxRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        var end = Volatile.Read(ref _end);
        if (from.Value > end)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from.Value, $"The log ends at position {end}.");
        }

        var wanted = (int)Math.Min(maxRecords, end - from.Value);
        if (wanted == 0)
        {
            return [];
        }

        var records = new List<LogRecord>(Math.Min(wanted, 1 << 16));
        var budget = MaxReadBytes;
        var position = from.Value;
        while (records.Count < wanted && budget > 0)
        {
            var chunk = Locate(position, position + (wanted - records.Count), budget);
            var buffer = GC.AllocateUninitializedArray<byte>((int)(chunk.EndOffset - chunk.StartOffset));
            RandomAccess.Read(chunk.Handle, buffer, chunk.StartOffset);
            position = Parse(chunk.Segment, buffer, chunk.StartOffset, position, wanted, records);
            budget -= buffer.Length;
        }

        return records;
    }

    /// <summary>Completes the pending appends, stops the writer, closes the files and releases the lock.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            _disposal ??= DisposeCoreAsync();
        }

        return new ValueTask(_disposal);
    }

    private async Task DisposeCoreAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        lock (_sync)
        {
            _closed = true;
            foreach (var segment in _segments.Concat(_retired.Select(r => r.Segment)))
            {
                segment.Dispose();
            }

            var signal = _endAdvanced;
            _endAdvanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _endAdvanced.SetException(new ObjectDisposedException(GetType().FullName));
            signal.TrySetException(new ObjectDisposedException(GetType().FullName));
        }

        _activeHandle.Dispose();
        _lock.Dispose();
    }

    private async Task WaitForEndAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking _end: the writer raises _end before it swaps the signal.
            var signal = Volatile.Read(ref _endAdvanced);
            if (Volatile.Read(ref _end) > position)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finds the durable frames holding [<paramref name="from"/>, <paramref name="to"/>) within one segment and <paramref name="maxBytes"/> (but at least one frame).</summary>
    private (Segment Segment, SafeFileHandle Handle, long StartOffset, long EndOffset) Locate(long from, long to, int maxBytes)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var index = FindSegment(from);
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(from), from, $"The log starts at position {_segments[0].BasePosition}.");
            }

            var segment = _segments[index];
            var first = segment.FindFrame(from);
            var endFrame = segment.FindFrame(Math.Min(to, segment.EndPosition) - 1) + 1;
            var start = segment.FrameOffset(first);
            if (segment.FrameOffset(endFrame) - start > maxBytes)
            {
                endFrame = segment.FrameBoundaryAtOrBefore(first, endFrame, start + maxBytes);
            }

            return (segment, segment.ReadHandle, start, segment.FrameOffset(endFrame));
        }
    }

    private int FindSegment(long position)
    {
        int low = 0, high = _segments.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_segments[middle].BasePosition <= position)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>Adds the records of the frames in <paramref name="buffer"/> from <paramref name="from"/> on until <paramref name="records"/> holds <paramref name="wanted"/>; returns the next position.</summary>
    private static long Parse(Segment segment, byte[] buffer, long fileOffset, long from, int wanted, List<LogRecord> records)
    {
        var frameStart = 0;
        var position = from;
        while (frameStart < buffer.Length && records.Count < wanted)
        {
            // The index only covers whole durable frames, so anything odd here is damage on disk.
            var span = buffer.AsSpan(frameStart);
            var header = default(FrameHeader);
            var problem = span.Length < FrameFormat.HeaderSize ? "incomplete frame" : FrameFormat.ReadHeader(span, out header);
            if (problem is null && header.Length > span.Length)
            {
                problem = "incomplete frame";
            }

            problem ??= FrameFormat.Verify(span[..header.Length], header.RecordCount);
            if (problem is null && header.FirstPosition > position)
            {
                problem = $"frame starts at position {header.FirstPosition}, expected at most {position}";
            }

            if (problem is not null)
            {
                throw new InvalidDataException($"Durable frame at offset {fileOffset + frameStart} of {segment.Path} is corrupt: {problem}.");
            }

            var recordPosition = header.FirstPosition;
            var recordStart = frameStart + FrameFormat.HeaderSize;
            for (var i = 0; i < header.RecordCount && records.Count < wanted; i++)
            {
                var length = FrameFormat.ReadRecordLength(buffer, recordStart);
                if (recordPosition >= position)
                {
                    records.Add(new LogRecord(new LogPosition(recordPosition), buffer.AsMemory(recordStart + FrameFormat.RecordHeaderSize, length)));
                    position = recordPosition + 1;
                }

                recordPosition++;
                recordStart += FrameFormat.RecordHeaderSize + length;
            }

            frameStart += header.Length;
        }

        return position;
    }

    private static InvalidOperationException Poisoned(Exception failure) =>
        new("The event log refuses appends since a write or fsync failed; reopen it to recover.", failure);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
