namespace Helix.Engine.Pipeline;

public sealed record PipelineOptions
{
    /// <summary>Records read and committed per micro-batch.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>A message id seen again within this span of receive time is a retry and is dropped.</summary>
    public TimeSpan DedupeWindow { get; init; } = TimeSpan.FromDays(7);
}
