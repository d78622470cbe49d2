using System.Text.Encodings.Web;
using System.Text.Json;

namespace Helix.Core.Audiences.Exports;

/// <summary>
/// The JSON bodies of a segment push to a webhook:
/// <c>{"segment": …, "exportId": …, "batch": 1, "batches": n, "members": [{"personId": …, "identifiers": {"email": ["…"]}}]}</c>.
/// Members are sorted by person id and identifiers by type then value, so the same audience gives the same bytes
/// (a retried batch carries the same body and signature; the receiver de-duplicates on exportId and batch).
/// </summary>
public static class WebhookPayload
{
    public const int DefaultBatchSize = 1000;
    public const int MaxBatchSize = 10_000;

    // JSON escaping only (quotes, backslash, control characters): the body is never embedded in HTML, and the
    // default encoder's \u002B for every '+' of a phone number and \uXXXX for Chinese text only hinder receivers.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Builds every batch (1-based, <c>batches</c> of them) of at most <paramref name="batchSize"/> members and signs each with
    /// <paramref name="key"/>. An audience with no member left still gives one batch with an empty list, so the receiver
    /// learns that the push happened. Members the consent check refuses count as <see cref="ExportSkipReason.NoConsent"/>;
    /// a person listed twice counts as <see cref="ExportSkipReason.Duplicate"/> (the first is kept).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not 1 to <see cref="MaxBatchSize"/>.</exception>
    public static WebhookExport Build(string segment, string exportId, IEnumerable<WebhookMember> members, ReadOnlySpan<byte> key, int batchSize = DefaultBatchSize, ExportConsentCheck? mayExport = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxBatchSize);

        var tally = new ExportTally(mayExport);
        var kept = new SortedDictionary<string, WebhookMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            tally.In();
            if (!tally.Consents(member.PersonId))
            {
                continue;
            }

            if (kept.TryAdd(member.PersonId, member))
            {
                tally.Exported();
            }
            else
            {
                tally.Skip(ExportSkipReason.Duplicate);
            }
        }

        var chunks = kept.Values.Chunk(batchSize).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        var batches = new List<WebhookBatch>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var body = Body(segment, exportId, i + 1, chunks.Count, chunks[i]);
            batches.Add(new WebhookBatch(i + 1, chunks.Count, chunks[i].Length, body, WebhookSignature.Sign(key, body)));
        }

        return new WebhookExport(batches, tally.Summary());
    }

    private static byte[] Body(string segment, string exportId, int batch, int batches, WebhookMember[] members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("segment", segment);
            json.WriteString("exportId", exportId);
            json.WriteNumber("batch", batch);
            json.WriteNumber("batches", batches);
            json.WriteStartArray("members");
            foreach (var member in members)
            {
                json.WriteStartObject();
                json.WriteString("personId", member.PersonId);
                json.WriteStartObject("identifiers");
                foreach (var (type, values) in member.Identifiers.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteStartArray(type);
                    foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
