using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Helix.EventLog;

/// <summary>
/// One segment file and the index of its durable frames (first position → file offset), so a read seeks
/// straight to the frame holding a position. Not thread-safe: <see cref="EventLog"/> guards every
/// member with its lock, and only adds frames once they are durable.
/// </summary>
internal sealed class Segment : IDisposable
{
    private const string Extension = ".seg";
    private const int NameDigits = 20;

    private long[] _positions = new long[64];
    private long[] _offsets = new long[64];
    private SafeFileHandle? _readHandle;

    public Segment(string directory, long basePosition)
    {
        BasePosition = basePosition;
        EndPosition = basePosition;
        Path = System.IO.Path.Combine(directory, FileName(basePosition));
    }

    public string Path { get; }

    /// <summary>The position of the segment's first record; also its file name.</summary>
    public long BasePosition { get; }

    /// <summary>One past the last indexed record.</summary>
    public long EndPosition { get; private set; }

    /// <summary>The bytes covered by indexed frames.</summary>
    public long Length { get; private set; }

    public int FrameCount { get; private set; }

    public static string FileName(long basePosition) =>
        basePosition.ToString("D" + NameDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + Extension;

    /// <summary>Parses a segment file name; other files in the directory (the lock file) are not segments.</summary>
    public static bool TryParseFileName(string fileName, out long basePosition)
    {
        basePosition = 0;
        return fileName.Length == NameDigits + Extension.Length
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && fileName.AsSpan(0, NameDigits).IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(fileName.AsSpan(0, NameDigits), NumberStyles.None, CultureInfo.InvariantCulture, out basePosition);
    }

    /// <summary>Indexes the next frame; frames must be added in file order, back to back.</summary>
    public void AddFrame(long firstPosition, long offset, int length, int recordCount)
    {
        if (firstPosition != EndPosition || offset != Length)
        {
            throw new InvalidOperationException($"Frame at {offset} (position {firstPosition}) does not follow the end of {Path}.");
        }

        if (FrameCount == _positions.Length)
        {
            Array.Resize(ref _positions, _positions.Length * 2);
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _positions[FrameCount] = firstPosition;
        _offsets[FrameCount] = offset;
        FrameCount++;
        EndPosition = firstPosition + recordCount;
        Length = offset + length;
    }

    /// <summary>The index of the frame holding <paramref name="position"/>, which must be in this segment.</summary>
    public int FindFrame(long position)
    {
        var index = Array.BinarySearch(_positions, 0, FrameCount, position);
        return index >= 0 ? index : ~index - 1;
    }

    public long FramePosition(int frame) => frame == FrameCount ? EndPosition : _positions[frame];

    public long FrameOffset(int frame) => frame == FrameCount ? Length : _offsets[frame];

    /// <summary>
    /// The last frame index k in (<paramref name="from"/>, <paramref name="to"/>) that starts at or before
    /// <paramref name="maxOffset"/>, so frames [from, k) end within it; <paramref name="from"/> + 1 if none does.
    /// </summary>
    public int FrameBoundaryAtOrBefore(int from, int to, long maxOffset)
    {
        var index = Array.BinarySearch(_offsets, from + 1, to - from - 1, maxOffset);
        var boundary = index >= 0 ? index : ~index - 1;
        return Math.Max(boundary, from + 1);
    }

    /// <summary>A shared read-only handle for positional reads, which are safe to run concurrently.</summary>
    public SafeFileHandle ReadHandle =>
        _readHandle ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    public void Dispose() => _readHandle?.Dispose();
}
