using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Engine.Pipeline;

public sealed record PipelineOptions
{
    /// <summary>Records read and committed per micro-batch.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>A message id seen again within this span of receive time is a retry and is dropped.</summary>
    public TimeSpan DedupeWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A rebuild under today's rules: these workspaces resolve by these rules from the first record, and
    /// the rules versions met in the log are journaled without taking effect. Null: each version applies
    /// from its place in the log.
    /// </summary>
    public IReadOnlyDictionary<WorkspaceId, IdentityRules>? RulesFromStart { get; init; }

    /// <summary>
    /// The secret that keys erased identifiers' digests (<see cref="Core.Privacy.Erasure.IdentifierDigest"/>);
    /// the same for the life of the data directory. Null: erase operations are refused.
    /// </summary>
    public byte[]? IdentifierDigestKey { get; init; }

    /// <summary>
    /// How often messages dropped for carrying an erased person's identifier are redacted from the log. Each
    /// redaction rewrites a segment, so a device that keeps sending costs one rewrite per interval, not per batch.
    /// </summary>
    public TimeSpan SuppressedRedactionInterval { get; init; } = TimeSpan.FromMinutes(1);
}
