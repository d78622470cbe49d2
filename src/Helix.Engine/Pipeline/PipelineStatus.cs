namespace Helix.Engine.Pipeline;

/// <param name="Checkpoint">The first log position not yet applied to the store.</param>
/// <param name="LogEnd">One past the last durable record.</param>
/// <param name="Error">Why the pipeline stopped, when it did; it then reports not ready.</param>
[GenerateSerializer, Alias("Helix.PipelineStatus")]
public sealed record PipelineStatus(
    [property: Id(0)] bool Running,
    [property: Id(1)] long Checkpoint,
    [property: Id(2)] long LogEnd,
    [property: Id(3)] long Persons,
    [property: Id(4)] long DuplicatesDropped,
    [property: Id(5)] string? Error);
