using System.Buffers;

namespace Helix.Server.Collect;

/// <summary>
/// A request body read into a pooled buffer, refusing to read past a limit. The limit applies to the
/// decompressed bytes, so a small gzip bomb is refused as early as a large plain body.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <returns>The body, or null when it exceeds <paramref name="limit"/> bytes.</returns>
    /// <exception cref="InvalidDataException">A compressed body is corrupt.</exception>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
