using Helix.Core.Profiles;

namespace Helix.Core.Pipeline;

/// <summary>
/// Everything one micro-batch changes, written in one transaction together with the checkpoint, so a
/// crash leaves the store either before or after the batch, never between.
/// </summary>
/// <param name="Checkpoint">The log position after the last record this batch covers.</param>
/// <param name="Merges">Applied first: events and identifiers of the merged person move to the survivor; the merged person is removed.</param>
/// <param name="Persons">Upserted with their full identifier lists.</param>
public sealed record PipelineCommit(
    long Checkpoint,
    IReadOnlyList<PersonMerge> Merges,
    IReadOnlyList<StoredEvent> Events,
    IReadOnlyList<PersonSnapshot> Persons);
