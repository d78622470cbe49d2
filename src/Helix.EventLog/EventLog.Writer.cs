using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Helix.EventLog;

// The single writer: drains every pending append, writes the group with one gathered write per segment,
// fsyncs once, then publishes the frames to readers and completes the callers. Only the writer task
// touches the fields below after construction.
public sealed partial class EventLog
{
    private readonly List<PendingAppend> _group = [];
    private readonly List<ReadOnlyMemory<byte>> _buffers = [];
    private readonly List<(Segment Segment, long Position, long Offset, int Length, int RecordCount)> _frames = [];
    private readonly List<Segment> _created = [];
    private Segment _active;
    private SafeFileHandle _activeHandle;
    private long _writeOffset;
    private long _writeEnd;

    private async Task RunWriterAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                _group.Add(pending);
            }

            lock (_writeGate)
            {
                Commit();
            }

            _group.Clear();
        }
    }

    private void Commit()
    {
        if (_failure is { } failure)
        {
            Fail(Poisoned(failure));
            return;
        }

        try
        {
            Write();
            Publish();
        }
        catch (Exception e)
        {
            // After a failed write or fsync the file's state is unknown (Linux may even drop the dirty pages),
            // so nothing may be acknowledged any more; recovery on the next open sorts out the tail.
            Volatile.Write(ref _failure, e);
            LogWriteFailed(e, _active.Path);
            Fail(e);
            return;
        }

        foreach (var pending in _group)
        {
            ArrayPool<byte>.Shared.Return(pending.Frame);
        }

        for (var i = 0; i < _group.Count; i++)
        {
            _group[i].TrySetResult(new LogPosition(_frames[i].Position));
        }
    }

    private void Write()
    {
        _frames.Clear();
        _created.Clear();
        _buffers.Clear();
        var position = _writeEnd;
        var offset = _writeOffset;
        var bufferStart = offset;
        foreach (var pending in _group)
        {
            if (offset > 0 && offset + pending.Length > _options.SegmentMaxBytes)
            {
                WriteAndSync(bufferStart);
                RollOver(position);
                offset = 0;
                bufferStart = 0;
            }

            FrameFormat.Seal(pending.Bytes, position);
            _buffers.Add(pending.Frame.AsMemory(0, pending.Length));
            _frames.Add((_active, position, offset, pending.Length, pending.RecordCount));
            position += pending.RecordCount;
            offset += pending.Length;
        }

        WriteAndSync(bufferStart);
        _writeOffset = offset;
        _writeEnd = position;
    }

    private void WriteAndSync(long offset)
    {
        if (_buffers.Count == 0)
        {
            return;
        }

        RandomAccess.Write(_activeHandle, _buffers, offset);
        RandomAccess.FlushToDisk(_activeHandle);
        _buffers.Clear();
    }

    /// <summary>Starts a new segment; its directory entry is durable before any frame goes into it.</summary>
    private void RollOver(long basePosition)
    {
        var segment = new Segment(_directory, basePosition);
        var handle = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            DirectorySync.Flush(_directory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        _activeHandle.Dispose();
        _activeHandle = handle;
        _active = segment;
        _created.Add(segment);
        LogSegmentCreated(segment.Path);
    }

    private void Publish()
    {
        TaskCompletionSource signal;
        lock (_sync)
        {
            _segments.AddRange(_created);
            foreach (var frame in _frames)
            {
                frame.Segment.AddFrame(frame.Position, frame.Offset, frame.Length, frame.RecordCount);
            }

            Volatile.Write(ref _end, _writeEnd);
            signal = _endAdvanced;
            _endAdvanced = NewSignal();
        }

        signal.TrySetResult();
    }

    private void Fail(Exception exception)
    {
        foreach (var pending in _group)
        {
            ArrayPool<byte>.Shared.Return(pending.Frame);
            pending.TrySetException(exception);
        }
    }
}
