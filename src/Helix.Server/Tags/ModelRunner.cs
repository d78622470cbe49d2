using System.Collections.Concurrent;
using Helix.Core;
using Helix.Core.Models;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Server.Identity;

namespace Helix.Server.Tags;

/// <summary>
/// Runs model-tag refreshes in the background, one at a time per workspace: each model tag of the catalog
/// gets every person's current model output as one model-run record in the log, replacing the previous
/// run's values. Progress is saved after every step, so a caller can poll it and a restart can see a run
/// that did not finish.
/// </summary>
public sealed partial class ModelRunner(
    DefinitionsSubmission submission, IOrderSummaries orders, IModelRunStore runs, IProfileFactsStore facts, TimeProvider time, ILogger<ModelRunner> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WorkspaceId, (ModelRun Run, Task<ModelRun> Completion)> _active = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts a refresh, or returns the one already running in the workspace (<c>Started</c> false).</summary>
    public async Task<(ModelRun Run, bool Started)> StartAsync(WorkspaceId workspace, ModelRunTrigger trigger, string requestedBy, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(workspace, out var running))
        {
            return (running.Run, false);
        }

        var definitions = await submission.CurrentAsync(workspace, cancellationToken);
        var steps = definitions.Catalog.Tags.Where(t => t.Kind == TagKind.Model)
            .Select(t => new ModelRunStep(t.Name, t.Model is { } m ? WireNames.Of(m) : "", ModelStepStatus.Waiting))
            .ToList();
        var run = new ModelRun(OperationSubmission.NewId("mrun_"), workspace, trigger, requestedBy, time.GetUtcNow(), ModelRunStatus.Running, steps);
        var completion = new TaskCompletionSource<ModelRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_active.TryAdd(workspace, (run, completion.Task)))
        {
            return (_active[workspace].Run, false);
        }

        try
        {
            // Registered already: the caller going away must not leave a run that never started holding the workspace.
            await runs.SaveModelRunAsync(run, CancellationToken.None);
        }
        catch
        {
            _active.TryRemove(workspace, out _);
            throw;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                completion.SetResult(await ExecuteAsync(run, definitions));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }, CancellationToken.None);
        return (run, true);
    }

    /// <summary>The workspace's run in progress, as far as it got; null when none is running.</summary>
    public ModelRun? Active(WorkspaceId workspace) => _active.TryGetValue(workspace, out var active) ? active.Run : null;

    /// <summary>The run's final state once it ends; null when it is not running in this process.</summary>
    public Task<ModelRun>? Completion(WorkspaceId workspace, string runId) =>
        _active.TryGetValue(workspace, out var active) && active.Run.Id == runId ? active.Completion : null;

    private async Task<ModelRun> ExecuteAsync(ModelRun run, ProfileDefinitions definitions)
    {
        var cancellationToken = _stopping.Token;
        var values = new ModelTagValues(run.Workspace, definitions.Models, run.StartedAt, orders);
        try
        {
            for (var i = 0; i < run.Steps.Count; i++)
            {
                run = await SaveAsync(run, i, run.Steps[i] with { Status = ModelStepStatus.Computing }, cancellationToken);
                var step = run.Steps[i];
                var tag = definitions.Tag(step.Tag)!;
                var (computed, skipped) = await values.ComputeAsync(tag.Model!.Value, cancellationToken);
                if (computed is null)
                {
                    run = await SaveAsync(run, i, step with { Status = ModelStepStatus.Skipped, Note = skipped }, cancellationToken);
                    continue;
                }

                // Persons refusing profiling get no model value: none goes into the record, so the step counts persons tagged.
                // (One who refuses between this read and the record's applying is still dropped by the fold, yet counted.)
                var refusing = await facts.ProfilingRefusalsAsync(run.Workspace, cancellationToken);
                var assignments = computed.Where(a => !refusing.Contains(a.Person)).ToList();

                var record = new FactRecord(OperationSubmission.NewId("model_"), run.Workspace, FactRecordKind.ModelTags, run.RequestedBy, time.GetUtcNow())
                {
                    Tag = tag.Name,
                    Replace = true,
                    Assignments = assignments,
                };
                var applied = await submission.SubmitAsync(record, cancellationToken);
                run = await SaveAsync(run, i, step with
                {
                    Status = applied ? ModelStepStatus.Applied : ModelStepStatus.Written,
                    Persons = assignments.Count,
                    RecordId = record.Id,
                }, cancellationToken);
            }

            return await FinishAsync(run with { Status = ModelRunStatus.Succeeded });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FinishAsync(run with { Status = ModelRunStatus.Interrupted, Error = "Helix stopped during the run" });
        }
        catch (Exception e)
        {
            LogRunFailed(logger, e, run.Id, run.Workspace.Value);
            return await FinishAsync(run with
            {
                Status = ModelRunStatus.Failed,
                Error = e.Message,
                Steps = [.. run.Steps.Select(s => s.Status == ModelStepStatus.Computing ? s with { Status = ModelStepStatus.Failed } : s)],
            });
        }
    }

    private async Task<ModelRun> SaveAsync(ModelRun run, int index, ModelRunStep step, CancellationToken cancellationToken)
    {
        var steps = run.Steps.ToArray();
        steps[index] = step;
        var next = run with { Steps = steps };
        await runs.SaveModelRunAsync(next, cancellationToken);
        _active[run.Workspace] = (next, _active[run.Workspace].Completion);
        return next;
    }

    private async Task<ModelRun> FinishAsync(ModelRun run)
    {
        var finished = run with { FinishedAt = time.GetUtcNow() };
        try
        {
            await runs.SaveModelRunAsync(finished, CancellationToken.None);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The store closed under a stopping server: the next start marks the run interrupted.
            LogRunNotSaved(logger, e, run.Id);
        }
        finally
        {
            _active.TryRemove(run.Workspace, out _);
        }

        return finished;
    }

    /// <summary>Cancels running refreshes and waits for them to record how far they got.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await ((Task)Task.WhenAll(_active.Values.Select(a => a.Completion))).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Model run {RunId} of workspace {Workspace} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId, string workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model run {RunId} could not record its end")]
    private static partial void LogRunNotSaved(ILogger logger, Exception exception, string runId);
}
