using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Engine.Ingestion;

/// <summary>
/// The one path every import takes into Helix: each message is validated on its own by the collect
/// parser (as a <c>/v1/batch</c> item would be), and the valid ones are appended to the log in groups of
/// <see cref="BatchSize"/>, each group one atomic append. Unlike a batch request an import is not
/// all-or-nothing: a rejected message is reported to the caller and the rest goes on.
/// </summary>
/// <remarks>
/// A message is durable only once a flush that contains it has returned; call <see cref="FlushAsync"/>
/// at the end. Not thread-safe.
/// </remarks>
public sealed class ImportWriter(CollectWriter writer, CollectEnvelope envelope, TimeProvider timeProvider) : IDisposable
{
    private readonly List<CollectedMessage> _pending = [];
    private readonly List<JsonDocument> _documents = [];

    public int BatchSize { get; init; } = 1_000;

    /// <summary>The size limit of one message: Segment's 32 KB unless an import has a reason to allow more.</summary>
    public int MaxMessageBytes { get; init; } = CollectLimits.MaxMessageBytes;

    /// <summary>Messages accepted so far (appended, or waiting for the next flush).</summary>
    public long Accepted { get; private set; }

    /// <summary>Accepted messages not yet appended.</summary>
    public int Pending => _pending.Count;

    /// <summary>The log position one past the last appended message (0 before the first append).</summary>
    public long LastPosition { get; private set; }

    /// <summary>Validates one message and queues it; appends the queue when it is full.</summary>
    /// <returns>No errors when the message was accepted; otherwise why it was refused, each naming its field.</returns>
    public async ValueTask<IReadOnlyList<FieldError>> AddAsync(string text, CancellationToken cancellationToken = default)
    {
        var message = Parse(text, envelope with { ReceivedAt = timeProvider.GetUtcNow() }, out var document, out var errors);
        if (message is null)
        {
            return errors;
        }

        _pending.Add(message);
        _documents.Add(document!);
        Accepted++;
        if (_pending.Count >= BatchSize)
        {
            await FlushAsync(cancellationToken);
        }

        return [];
    }

    /// <summary>Appends every queued message in one atomic append.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        LastPosition = await writer.WriteAsync(_pending, cancellationToken);
        _pending.Clear();
        DisposeDocuments();
    }

    /// <summary>Drops what was not flushed.</summary>
    public void Dispose() => DisposeDocuments();

    private void DisposeDocuments()
    {
        _documents.ForEach(d => d.Dispose());
        _documents.Clear();
    }

    private CollectedMessage? Parse(string text, CollectEnvelope envelope, out JsonDocument? document, out IReadOnlyList<FieldError> errors)
    {
        document = null;
        if (Encoding.UTF8.GetByteCount(text) > MaxMessageBytes)
        {
            errors = [new FieldError("$", $"exceeds the {MaxMessageBytes / 1024} KB limit for one message")];
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

        // A message without a messageId gets one from its content, so importing the same file twice stores it once.
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
}
