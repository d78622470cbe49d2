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
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var pending = new List<CollectedMessage>(BatchSize);
        var documents = new List<JsonDocument>(BatchSize);
        long lines = 0, imported = 0, rejected = 0, lastPosition = 0, bytes = 0;
        try
        {
            while (true)
            {
                string? text;
                try
                {
                    text = await reader.ReadLineAsync(cancellationToken);
                }
                catch (DecoderFallbackException)
                {
                    throw new InvalidDataException($"Line {lines + 1} is not valid UTF-8; the file was imported up to line {lines}.");
                }

                if (text is null)
                {
                    break;
                }

                lines++;
                bytes += Encoding.UTF8.GetByteCount(text) + 1;
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
        }
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
