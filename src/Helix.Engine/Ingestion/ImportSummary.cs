namespace Helix.Engine.Ingestion;

/// <param name="LastPosition">The log position one past the last imported message (wait for the pipeline to reach it).</param>
public sealed record ImportSummary(long Lines, long Imported, long Rejected, long LastPosition);
