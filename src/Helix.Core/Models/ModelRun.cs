using Helix.Core.Workspaces;

namespace Helix.Core.Models;

public enum ModelRunTrigger
{
    Manual,
    Schedule,
}

public enum ModelRunStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Helix stopped while the run was going; the steps applied before that stay applied.</summary>
    Interrupted,
}

public enum ModelStepStatus
{
    Waiting,
    Computing,

    /// <summary>The values are in the log; the pipeline has not confirmed applying them within the wait.</summary>
    Written,
    Applied,

    /// <summary>Not run: the model cannot be fitted to the data, or assigns no tags.</summary>
    Skipped,
    Failed,
}

/// <summary>One model tag's part of a run: its progress, how many persons it labelled, and the model-run record in the log.</summary>
public sealed record ModelRunStep(string Tag, string Model, ModelStepStatus Status, int Persons = 0, string? RecordId = null, string? Note = null);

/// <summary>One refresh of a workspace's model tags, by hand or on its schedule, with each tag's progress.</summary>
public sealed record ModelRun(
    string Id,
    WorkspaceId Workspace,
    ModelRunTrigger Trigger,
    string RequestedBy,
    DateTimeOffset StartedAt,
    ModelRunStatus Status,
    IReadOnlyList<ModelRunStep> Steps,
    DateTimeOffset? FinishedAt = null,
    string? Error = null)
{
    /// <summary>Finished steps out of all steps: what a progress bar shows.</summary>
    public int StepsDone => Steps.Count(s => s.Status is not (ModelStepStatus.Waiting or ModelStepStatus.Computing));
}

/// <summary>Keeps model runs. Runs are decisions with a time, not facts derived from the log: a rebuild keeps them.</summary>
public interface IModelRunStore
{
    /// <summary>Inserts or replaces the run (its progress is saved as it goes).</summary>
    Task SaveModelRunAsync(ModelRun run, CancellationToken cancellationToken = default);

    Task<ModelRun?> GetModelRunAsync(WorkspaceId workspace, string runId, CancellationToken cancellationToken = default);

    /// <summary>The workspace's runs, newest first.</summary>
    Task<IReadOnlyList<ModelRun>> ListModelRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks runs left running by a previous process as interrupted; returns how many.</summary>
    Task<int> InterruptModelRunsAsync(DateTimeOffset at, CancellationToken cancellationToken = default);
}
