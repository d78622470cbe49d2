using System.Collections.Concurrent;
using System.Security.Cryptography;
using Helix.Core.Identity;
using Helix.Core.Identity.Matching;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Matching;

/// <summary>
/// One matching run over a workspace's persons as last committed: pairs above the upper threshold become
/// merge operations written to the log (so a rebuild replays them, and each can be reverted), pairs between
/// the thresholds join the review queue. One run at a time per workspace, so two runs never propose the
/// same pair twice; workspaces do not wait for each other.
/// </summary>
public sealed partial class PersonMatchingJob(
    IPersonMatchStore store, IIdentityJournal journal, CollectWriter writer, EventPipeline pipeline, TimeProvider time, ILogger<PersonMatchingJob> logger)
    : IDisposable
{
    /// <summary>How long a run waits for the pipeline to apply its merges before it reports them as submitted only.</summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<WorkspaceId, SemaphoreSlim> _running = new();

    /// <returns>The run; null when the workspace already has one running.</returns>
    public async Task<MatchRun?> TryRunAsync(
        WorkspaceId workspace, PersonMatchConfig config, string specJson, IdentityRules rules, string requestedBy, CancellationToken cancellationToken)
    {
        var running = _running.GetOrAdd(workspace, _ => new SemaphoreSlim(1, 1));
        if (!await running.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        try
        {
            var runId = "run_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var started = time.GetUtcNow();
            var persons = await store.MatchablePersonsAsync(workspace, rules, [.. config.Fields.Select(f => f.Name)], cancellationToken);
            var reviewed = await store.ReviewedPairsAsync(workspace, cancellationToken);
            var result = await Task.Run(() => PersonMatching.Run(persons, config, reviewed), cancellationToken);

            var merges = result.Matches.Where(m => m.Decision == MatchDecision.AutoMerge)
                .Select(m => new IdentityOperation(
                    "iop_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), workspace, IdentityOperationKind.Merge, m.Left.Id,
                    m.Left.Anchor, m.Right.Anchor, null, requestedBy, $"matching {runId}: {m.Score:0.0} bits", started))
                .ToList();
            // Once the merges are in the log they will be applied: from here on the run is finished and
            // recorded even if the caller goes away, so its review queue is never lost.
            var (applied, rejected) = await SubmitAsync(merges, cancellationToken);
            var reviews = result.Matches.Where(m => m.Decision == MatchDecision.Review)
                .Select(m => Review(workspace, runId, m, started))
                .ToList();
            var run = new MatchRun(
                runId, workspace, requestedBy, started, time.GetUtcNow(), result.Persons, result.Blocking.Pairs.Count, result.Blocking.SkippedBlocks,
                Model(result.Estimate), merges.Count, applied, rejected, reviews.Count, [.. merges.Select(m => m.OperationId)], specJson);
            await store.SaveRunAsync(run, reviews, CancellationToken.None);
            LogRun(runId, workspace.Value, result.Persons, result.Blocking.Pairs.Count, applied, rejected, reviews.Count);
            return run;
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose()
    {
        foreach (var running in _running.Values)
        {
            running.Dispose();
        }
    }

    /// <summary>Writes the merges, strongest first, and waits until the pipeline has applied them.</summary>
    private async Task<(int Applied, int Rejected)> SubmitAsync(List<IdentityOperation> merges, CancellationToken cancellationToken)
    {
        if (merges.Count == 0)
        {
            return (0, 0);
        }

        var first = await writer.WriteAsync(merges, cancellationToken);
        using var deadline = new CancellationTokenSource(ApplyTimeout);
        try
        {
            await pipeline.WaitForCheckpointAsync(first + merges.Count, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Still applying: the journal will say how each merge went.
        }

        var outcomes = await journal.FindOperationsAsync(merges[0].WorkspaceId, [.. merges.Select(m => m.OperationId)], CancellationToken.None);
        return (outcomes.Count(o => o.Applied), outcomes.Count(o => !o.Applied));
    }

    private static MatchReview Review(WorkspaceId workspace, string runId, PersonMatch match, DateTimeOffset at) =>
        new("rev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), workspace, runId,
            match.Left.Id, match.Left.Anchor, match.Right.Id, match.Right.Anchor, match.Score, match.Probability,
            [.. match.Evidence.Select(e => new MatchReviewEvidence(
                e.Field, match.Left.Traits.GetValueOrDefault(e.Field), match.Right.Traits.GetValueOrDefault(e.Field),
                e.Level.ToString().ToLowerInvariant(), e.Similarity, e.Bits))],
            at);

    private static MatchRunModel? Model(MatchModelEstimate? estimate) =>
        estimate is null
            ? null
            : new MatchRunModel(estimate.Model.Lambda, estimate.Iterations, estimate.Converged, [.. estimate.Model.Fields.Select((f, i) => new MatchRunField(
                f.Name, f.Comparator.ToString(),
                estimate.Model.Weight(i, ComparisonLevel.Exact), estimate.Model.Weight(i, ComparisonLevel.Close),
                estimate.Model.Weight(i, ComparisonLevel.Partial), estimate.Model.Weight(i, ComparisonLevel.Disagree)))]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Matching {RunId} in {Workspace}: {Persons} persons, {Pairs} candidate pairs, {Applied} merged, {Rejected} merges refused by the rules, {Queued} queued for review")]
    private partial void LogRun(string runId, string workspace, int persons, int pairs, int applied, int rejected, int queued);
}
