using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Helix.Core.Collect;

namespace Helix.Engine.Ingestion;

/// <summary>
/// Imports a JSON Lines file of Segment-spec messages (each line one message with its <c>type</c>)
/// through the same validation and the same durable log as the collect API (<see cref="ImportWriter"/>):
/// a million-line file with one bad line imports the rest and reports the bad line.
/// </summary>
public sealed class JsonLinesImporter(CollectWriter writer, TimeProvider timeProvider)
{
    public int BatchSize { get; init; } = 1_000;

    /// <param name="progress">Receives the number of bytes consumed so far.</param>
    public async Task<ImportSummary> ImportAsync(
        Stream input,
        CollectEnvelope envelope,
        Action<ImportRejection> onRejected,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var reader = PipeReader.Create(input);
        using var import = new ImportWriter(writer, envelope, timeProvider) { BatchSize = BatchSize };
        long lines = 0, rejected = 0, bytes = 0;
        try
        {
            await foreach (var raw in ReadLinesAsync(reader, cancellationToken))
            {
                lines++;
                bytes += raw.Length + 1;
                string text;
                try
                {
                    text = StrictUtf8.GetString(raw);
                }
                catch (DecoderFallbackException)
                {
                    rejected++;
                    onRejected(new ImportRejection(lines, [new FieldError("$", "is not valid UTF-8")], Encoding.UTF8.GetString(raw)));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var errors = await import.AddAsync(text, cancellationToken);
                if (errors.Count > 0)
                {
                    rejected++;
                    onRejected(new ImportRejection(lines, errors, text));
                }
                else if (import.Pending == 0)
                {
                    progress?.Report(bytes);
                }
            }

            await import.FlushAsync(cancellationToken);
            progress?.Report(bytes);
            return new ImportSummary(lines, import.Accepted, rejected, import.LastPosition);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lines as raw bytes, so a line that is not UTF-8 is reported as that line and the rest goes on.</summary>
    private static async IAsyncEnumerable<byte[]> ReadLinesAsync(PipeReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = true;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                yield return Line(buffer.Slice(0, end), ref first);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    yield return Line(buffer, ref first);
                }

                reader.AdvanceTo(buffer.End);
                yield break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static byte[] Line(ReadOnlySequence<byte> line, ref bool first)
    {
        var bytes = line.ToArray().AsSpan();
        if (first && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        first = false;
        return (bytes.EndsWith("\r"u8) ? bytes[..^1] : bytes).ToArray();
    }
}
