namespace Helix.Core.Audiences.Exports;

/// <summary>One request body of a webhook push (UTF-8 JSON) and its <see cref="WebhookSignature.Header"/> value.</summary>
public sealed record WebhookBatch(int Batch, int Batches, int Members, ReadOnlyMemory<byte> Body, string Signature);
