using System.Buffers;

namespace Helix.EventLog;

/// <summary>Rebuilds a segment's frame index from its file at open time.</summary>
internal static class SegmentScanner
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Indexes the frames of <paramref name="segment"/> from the start of its file and stops at the first
    /// thing that is not a whole, valid frame at the expected position. With <paramref name="verifyFrames"/>
    /// each frame is read in full and its checksum checked (the last segment, where a crash can leave a torn
    /// frame); without it only headers are read (sealed segments, fsynced before the next one was created).
    /// </summary>
    /// <returns>The file length, and why scanning stopped before it, or null when every byte belongs to a frame.</returns>
    public static (long FileLength, string? Problem) Scan(Segment segment, bool verifyFrames)
    {
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize);
        var fileLength = file.Length;
        Span<byte> header = stackalloc byte[FrameFormat.HeaderSize];
        byte[]? frame = null;
        try
        {
            while (segment.Length < fileLength)
            {
                var remaining = fileLength - segment.Length;
                if (remaining < FrameFormat.MinFrameSize)
                {
                    return (fileLength, "incomplete frame");
                }

                file.ReadExactly(header);
                if (FrameFormat.ReadHeader(header, out var frameHeader) is { } problem)
                {
                    return (fileLength, problem);
                }

                if (frameHeader.FirstPosition != segment.EndPosition)
                {
                    return (fileLength, $"frame claims position {frameHeader.FirstPosition}, expected {segment.EndPosition}");
                }

                if (frameHeader.Length > remaining)
                {
                    return (fileLength, "incomplete frame");
                }

                if (verifyFrames)
                {
                    if (frame is null || frame.Length < frameHeader.Length)
                    {
                        if (frame is not null)
                        {
                            ArrayPool<byte>.Shared.Return(frame);
                        }

                        frame = ArrayPool<byte>.Shared.Rent(frameHeader.Length);
                    }

                    header.CopyTo(frame);
                    file.ReadExactly(frame, FrameFormat.HeaderSize, frameHeader.Length - FrameFormat.HeaderSize);
                    if (FrameFormat.Verify(frame.AsSpan(0, frameHeader.Length), frameHeader.RecordCount) is { } corrupt)
                    {
                        return (fileLength, corrupt);
                    }
                }
                else
                {
                    file.Seek(frameHeader.Length - FrameFormat.HeaderSize, SeekOrigin.Current);
                }

                segment.AddFrame(frameHeader.FirstPosition, segment.Length, frameHeader.Length, frameHeader.RecordCount);
            }

            return (fileLength, null);
        }
        finally
        {
            if (frame is not null)
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }
    }
}
