using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Engine.Ingestion;

/// <summary>
/// Imports a JSON Lines file of Segment-spec messages (each line one message with its <c>type</c>)
/// through the same validation and the same durable log as the collect API. Unlike a batch request,
/// an import is not all-or-nothing: a million-line file with one bad line imports the rest and
/// reports the bad line. Each group of valid lines is one atomic append.
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
        var pending = new List<CollectedMessage>(BatchSize);
        var documents = new List<JsonDocument>(BatchSize);
        long lines = 0, imported = 0, rejected = 0, lastPosition = 0, bytes = 0;
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

                var message = Parse(text, envelope with { ReceivedAt = timeProvider.GetUtcNow() }, out var document, out var errors);
                if (message is null)
                {
                    rejected++;
                    onRejected(new ImportRejection(lines, errors, text));
                    continue;
                }

                pending.Add(message);
                documents.Add(document!);
                if (pending.Count >= BatchSize)
                {
                    lastPosition = await FlushAsync(pending, documents, cancellationToken);
                    imported += BatchSize;
                    progress?.Report(bytes);
                }
            }

            imported += pending.Count;
            if (pending.Count > 0)
            {
                lastPosition = await FlushAsync(pending, documents, cancellationToken);
            }

            progress?.Report(bytes);
            return new ImportSummary(lines, imported, rejected, lastPosition);
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
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

    private static CollectedMessage? Parse(string text, CollectEnvelope envelope, out JsonDocument? document, out IReadOnlyList<FieldError> errors)
    {
        document = null;
        if (Encoding.UTF8.GetByteCount(text) > CollectLimits.MaxMessageBytes)
        {
            errors = [new FieldError("$", "exceeds the 32 KB limit for one message")];
            return null;
        }

        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            errors = [new FieldError("$", "is not valid JSON")];
            return null;
        }

        // A line without a messageId gets one from its content, so importing the same file twice stores it once.
        var result = MessageParser.Parse(document.RootElement, "", impliedType: null, envelope,
            () => "import-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32]);
        errors = result.Errors;
        if (result.Message is null)
        {
            document.Dispose();
            document = null;
        }

        return result.Message;
    }

    private async Task<long> FlushAsync(List<CollectedMessage> pending, List<JsonDocument> documents, CancellationToken cancellationToken)
    {
        var end = await writer.WriteAsync(pending, cancellationToken);
        pending.Clear();
        documents.ForEach(d => d.Dispose());
        documents.Clear();
        return end;
    }
}
