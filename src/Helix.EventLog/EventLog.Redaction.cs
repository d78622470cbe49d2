using System.Buffers;

namespace Helix.EventLog;

// Redaction: the one way a durable record changes. Erasing a person or expiring old events replaces the
// payloads of chosen records in place of position, so positions stay dense and everything that refers to a
// position (checkpoints, tag history) stays valid. A segment is rewritten to a new file that replaces the
// old one by rename, so no file under the log directory keeps the old bytes.
public sealed partial class EventLog
{
    // Held by the writer for each group commit and by a redaction for its whole rewrite: the active segment
    // can be rewritten without an append landing in the file being replaced.
    private readonly Lock _writeGate = new();

    // Segments replaced by a rewrite, with when. A reader may still be reading one through a handle it took
    // before the swap, so a replaced segment's handle is closed only a while later, or at dispose.
    private readonly List<(Segment Segment, long RetiredAt)> _retired = [];
    private static readonly TimeSpan RetiredHandleLife = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Replaces the payload of the record at each of <paramref name="positions"/> with what
    /// <paramref name="replace"/> returns for it (a tombstone the caller's decoder recognises), rewriting each
    /// affected segment, the active one included, to a new file that is fsynced and renamed over the old one.
    /// Positions at or past <see cref="End"/> or before the first record are ignored. Safe to call while the
    /// log is appended to and read: appends wait for the rewrite; a concurrent read returns the old or the new
    /// payload. Idempotent when <paramref name="replace"/> is: redacting a tombstone again changes nothing.
    /// </summary>
    /// <returns>How many records changed.</returns>
    /// <exception cref="InvalidDataException">A frame of an affected segment fails its checksum.</exception>
    public int Redact(IReadOnlyCollection<long> positions, Func<LogRecord, ReadOnlyMemory<byte>> replace)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(replace);
        var wanted = positions.ToHashSet();
        var changed = 0;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposal) is not null, this);
            foreach (var segment in AffectedSegments(wanted))
            {
                changed += Rewrite(segment, wanted, replace);
            }

            DisposeRetired(Environment.TickCount64 - (long)RetiredHandleLife.TotalMilliseconds);
        }

        return changed;
    }

    private List<Segment> AffectedSegments(HashSet<long> positions)
    {
        lock (_sync)
        {
            return _segments.Where(s => positions.Any(p => p >= s.BasePosition && p < s.EndPosition)).ToList();
        }
    }

    /// <summary>Rewrites one segment with the chosen payloads replaced; the caller holds the write gate.</summary>
    private int Rewrite(Segment segment, HashSet<long> positions, Func<LogRecord, ReadOnlyMemory<byte>> replace)
    {
        byte[] content;
        lock (_sync)
        {
            content = GC.AllocateUninitializedArray<byte>((int)segment.Length);
            RandomAccess.Read(segment.ReadHandle, content, 0);
        }

        var (rewritten, changed) = RewriteFrames(segment, content, positions, replace);
        if (changed == 0)
        {
            return 0;
        }

        var temporary = segment.Path + ".redact";
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, rewritten.WrittenSpan, 0);
            RandomAccess.FlushToDisk(handle);
        }

        var replacement = new Segment(_directory, segment.BasePosition);
        lock (_sync)
        {
            File.Move(temporary, segment.Path, overwrite: true);
            DirectorySync.Flush(_directory);
            var (_, problem) = SegmentScanner.Scan(replacement, verifyFrames: true);
            if (problem is not null || replacement.EndPosition != segment.EndPosition)
            {
                throw new InvalidDataException($"The rewrite of {segment.Path} does not scan back ({problem ?? "positions differ"}).");
            }

            _segments[_segments.IndexOf(segment)] = replacement;
            _retired.Add((segment, Environment.TickCount64));
            if (ReferenceEquals(segment, _active))
            {
                // The writer is parked on the gate: hand it the new file, positioned at its end.
                _activeHandle.Dispose();
                _activeHandle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                _active = replacement;
                _writeOffset = replacement.Length;
            }
        }

        return changed;
    }

    private static (ArrayBufferWriter<byte> Content, int Changed) RewriteFrames(
        Segment segment, byte[] content, HashSet<long> positions, Func<LogRecord, ReadOnlyMemory<byte>> replace)
    {
        var output = new ArrayBufferWriter<byte>(content.Length);
        var changed = 0;
        var offset = 0;
        var payloads = new List<ReadOnlyMemory<byte>>();
        while (offset < content.Length)
        {
            var span = content.AsSpan(offset);
            var problem = FrameFormat.ReadHeader(span, out var header)
                ?? (header.Length > span.Length ? "incomplete frame" : FrameFormat.Verify(span[..header.Length], header.RecordCount));
            if (problem is not null)
            {
                throw new InvalidDataException($"Frame at offset {offset} of {segment.Path} is corrupt: {problem}; nothing was redacted in it.");
            }

            payloads.Clear();
            var recordStart = offset + FrameFormat.HeaderSize;
            for (var i = 0; i < header.RecordCount; i++)
            {
                var length = FrameFormat.ReadRecordLength(content, recordStart);
                ReadOnlyMemory<byte> payload = content.AsMemory(recordStart + FrameFormat.RecordHeaderSize, length);
                var position = header.FirstPosition + i;
                if (positions.Contains(position))
                {
                    var replaced = replace(new LogRecord(new LogPosition(position), payload));
                    if (!replaced.Span.SequenceEqual(payload.Span))
                    {
                        changed++;
                    }

                    payload = replaced;
                }

                payloads.Add(payload);
                recordStart += FrameFormat.RecordHeaderSize + length;
            }

            var frameLength = FrameFormat.Measure(payloads, int.MaxValue);
            var frame = output.GetSpan(frameLength)[..frameLength];
            FrameFormat.Encode(payloads, frame);
            FrameFormat.Seal(frame, header.FirstPosition);
            output.Advance(frameLength);
            offset += header.Length;
        }

        return (output, changed);
    }

    /// <summary>Closes the handles of segments replaced before <paramref name="before"/> (a tick count); the caller holds the write gate.</summary>
    private void DisposeRetired(long before)
    {
        lock (_sync)
        {
            foreach (var (segment, _) in _retired.Where(r => r.RetiredAt <= before))
            {
                segment.Dispose();
            }

            _retired.RemoveAll(r => r.RetiredAt <= before);
        }
    }
}
