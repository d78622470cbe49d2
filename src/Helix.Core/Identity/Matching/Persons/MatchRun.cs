using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>The record of one matching run: what it looked at, the model it estimated, and what it did.</summary>
public sealed record MatchRun(
    string RunId,
    WorkspaceId WorkspaceId,
    string RequestedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Persons,
    int CandidatePairs,
    int SkippedBlocks,
    MatchRunModel? Model,
    int AutoMergeSubmitted,
    int AutoMergeApplied,
    int AutoMergeRejected,
    int QueuedForReview,
    IReadOnlyList<string> MergeOperations,
    string Spec);

/// <summary>The estimated model: λ, how EM went, and per field the weight in bits of each comparison level.</summary>
public sealed record MatchRunModel(double Lambda, int Iterations, bool Converged, IReadOnlyList<MatchRunField> Fields);

public sealed record MatchRunField(string Field, string Comparator, double ExactBits, double CloseBits, double PartialBits, double DisagreeBits);
