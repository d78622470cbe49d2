using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;

namespace Helix.Core.Pipeline;

/// <summary>
/// Everything one micro-batch changes, written in one transaction together with the checkpoint, so a
/// crash leaves the store either before or after the batch, never between.
/// </summary>
/// <param name="Checkpoint">The log position after the last record this batch covers.</param>
/// <param name="Merges">Applied first: events and identifiers of the merged person move to the survivor; the merged person is removed.</param>
/// <param name="Persons">Upserted with their full identifier lists.</param>
/// <remarks>Order of application: refold drops, merges, events, refold repoints, persons, operations.</remarks>
public sealed record PipelineCommit(
    long Checkpoint,
    IReadOnlyList<PersonMerge> Merges,
    IReadOnlyList<StoredEvent> Events,
    IReadOnlyList<PersonSnapshot> Persons)
{
    /// <summary>The journal entries of the identity operations the batch applies, in log order.</summary>
    public IReadOnlyList<IdentityOperationOutcome> Operations { get; init; } = [];

    /// <summary>Persons resolved again: their rows are dropped before <see cref="Persons"/> are written, and their events repointed.</summary>
    public PersonRefold? Refold { get; init; }

    /// <summary>Computed traits, tags and their history changed by the batch; null when none changed.</summary>
    public Profiles.Facts.FactsCommit? Facts { get; init; }

    /// <summary>A person erased by the batch's erase operation: their rows go last, after everything else the batch wrote.</summary>
    public Privacy.Erasure.PersonErasure? Erasure { get; init; }

    /// <summary>Log positions of messages dropped for carrying an erased person's identifier, to be redacted.</summary>
    public IReadOnlyList<long> Suppressed { get; init; } = [];
}
