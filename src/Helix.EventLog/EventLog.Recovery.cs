using Microsoft.Extensions.Logging;

namespace Helix.EventLog;

public sealed partial class EventLog
{
    /// <summary>
    /// Indexes every segment and cuts the last one back to its last whole, valid frame. Only the last segment
    /// can have a torn tail: a new segment is created only after everything before it was fsynced.
    /// </summary>
    private static List<Segment> Recover(string directory, ILogger logger)
    {
        var segments = new List<Segment>();
        try
        {
            var bases = System.IO.Directory.EnumerateFiles(directory)
                .Select(path => Segment.TryParseFileName(Path.GetFileName(path), out var basePosition) ? basePosition : -1)
                .Where(basePosition => basePosition >= 0)
                .Order()
                .ToList();
            if (bases.Count == 0)
            {
                var first = new Segment(directory, 0);
                using (File.OpenHandle(first.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read))
                {
                }

                DirectorySync.Flush(directory);
                segments.Add(first);
                return segments;
            }

            foreach (var basePosition in bases)
            {
                if (segments.Count > 0 && segments[^1].EndPosition != basePosition)
                {
                    throw new InvalidDataException(
                        $"Segment {segments[^1].Path} ends at position {segments[^1].EndPosition} but the next segment starts at {basePosition}: segments are missing or damaged.");
                }

                var segment = new Segment(directory, basePosition);
                segments.Add(segment);
                var isLast = segments.Count == bases.Count;
                var (fileLength, problem) = SegmentScanner.Scan(segment, verifyFrames: isLast);
                if (problem is null)
                {
                    continue;
                }

                if (!isLast)
                {
                    throw new InvalidDataException(
                        $"Segment {segment.Path} is damaged at offset {segment.Length} ({problem}). It is not the last segment, so this is not a torn write; nothing was dropped.");
                }

                // The caller truncates the file to segment.Length when it opens it for writing.
                LogTailDropped(logger, fileLength - segment.Length, segment.Path, segment.Length, problem, segment.EndPosition);
            }

            return segments;
        }
        catch
        {
            segments.ForEach(s => s.Dispose());
            throw;
        }
    }
}
