using System.Collections.Concurrent;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Server.Identity;

namespace Helix.Server.Segments;

/// <summary>
/// Recomputes a scheduled segment in SQL and makes the result its membership: persons newly selected enter,
/// persons no longer selected exit, each recorded with the run. One recompute of a segment at a time.
/// </summary>
public sealed class SegmentRecompute(IAudienceQueries queries, ISegmentStore members, ISegmentRunStore runs, TimeProvider time)
{
    private readonly ConcurrentDictionary<(WorkspaceId, string), bool> _running = new();

    /// <returns>The finished run, or null when the segment is being recomputed already.</returns>
    public async Task<SegmentRun?> RunAsync(
        WorkspaceId workspace, SegmentDefinition segment, ProfileDefinitions definitions, string trigger, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd((workspace, segment.Name), true))
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            var run = new SegmentRun(OperationSubmission.NewId("segrun_"), segment.Name, trigger, now, null, "running", null, null, null, null);
            await runs.SaveSegmentRunAsync(workspace, run, cancellationToken);
            try
            {
                var selected = await queries.AudienceMembersAsync(workspace, segment.When!, definitions, now, cancellationToken);
                var (entered, exited) = await members.ReplaceSegmentMembersAsync(
                    workspace, segment.Name, selected, now, $"recompute {run.Id}", exceptRefusals: true, cancellationToken);
                run = run with { FinishedAt = time.GetUtcNow(), Status = "succeeded", Members = selected.Count, Entered = entered, Exited = exited };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run = run with { FinishedAt = time.GetUtcNow(), Status = "failed", Error = e.Message };
            }

            await runs.SaveSegmentRunAsync(workspace, run, CancellationToken.None);
            return run;
        }
        finally
        {
            _running.TryRemove((workspace, segment.Name), out _);
        }
    }
}
