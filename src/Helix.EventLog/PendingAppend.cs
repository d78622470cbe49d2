namespace Helix.EventLog;

/// <summary>
/// An encoded frame waiting for the writer, completed with the position of its first record once durable.
/// <see cref="Frame"/> is rented from the shared pool; the writer returns it.
/// </summary>
internal sealed class PendingAppend(byte[] frame, int length, int recordCount)
    : TaskCompletionSource<LogPosition>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public byte[] Frame { get; } = frame;

    public int Length { get; } = length;

    public int RecordCount { get; } = recordCount;

    public Span<byte> Bytes => Frame.AsSpan(0, Length);
}
