namespace Helix.Core.Audiences.Exports;

/// <summary>The batches to post, in order, and what the push did with its input.</summary>
public sealed record WebhookExport(IReadOnlyList<WebhookBatch> Batches, ExportSummary Summary);
