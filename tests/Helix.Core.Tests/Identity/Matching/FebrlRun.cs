using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

/// <summary>Everything one FEBRL match produced, for assertions and for the figures in docs/identity.md.</summary>
internal sealed record FebrlRun(
    MatchTables Tables, BlockingResult Blocking, MatchModelEstimate Estimate, IReadOnlyList<MatchCandidate> Candidates, PairwiseQuality Quality);
