using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Guide;

/// <summary>
/// A store guide's task (导购任务): contact this member, by <see cref="DueAt"/>. A journey's <c>guide_task</c> action
/// creates it for the member's bound store and guide (<see cref="Guide"/> null: any guide of the store); a guide
/// completes it once, with an outcome.
/// </summary>
/// <param name="Id">Derived from the delivery's key, so a repeated delivery finds the task it already created.</param>
/// <param name="DeliveryKey">The journey delivery that created the task.</param>
public sealed record GuideTask(
    string Id,
    string DeliveryKey,
    string Journey,
    string Step,
    PersonId Person,
    string Store,
    string? Guide,
    string Title,
    string? Note,
    DateTimeOffset DueAt,
    DateTimeOffset CreatedAt,
    GuideTaskCompletion? Completion)
{
    public bool IsDone => Completion is not null;

    /// <summary>Open and past its due time.</summary>
    public bool IsOverdue(DateTimeOffset now) => Completion is null && DueAt < now;
}

/// <param name="Outcome">What came of the contact, as the guide reported it (<c>contacted</c>, <c>no_answer</c>…).</param>
/// <param name="CompletedBy">The API key that completed it.</param>
public sealed record GuideTaskCompletion(string Outcome, string? Note, DateTimeOffset CompletedAt, string CompletedBy);

/// <summary>Which tasks a list shows: a status (open, done, overdue), one store, one guide; null is any.</summary>
public sealed record GuideTaskQuery(GuideTaskStatus? Status, string? Store, string? Guide, int Limit);

public enum GuideTaskStatus
{
    Open,
    Done,
    Overdue,
}

/// <summary>The workspace's guide tasks.</summary>
public interface IGuideTaskStore
{
    /// <summary>Stores the task unless one with its id exists (a repeated delivery); safe to retry.</summary>
    /// <returns>True when this call created it.</returns>
    Task<bool> AddGuideTaskAsync(WorkspaceId workspace, GuideTask task, CancellationToken cancellationToken = default);

    Task<GuideTask?> GetGuideTaskAsync(WorkspaceId workspace, string id, CancellationToken cancellationToken = default);

    /// <summary>Tasks by due time, earliest first; <paramref name="now"/> decides what is overdue.</summary>
    Task<IReadOnlyList<GuideTask>> ListGuideTasksAsync(WorkspaceId workspace, GuideTaskQuery query, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks an open task done.</summary>
    /// <returns>False when it was already done (or does not exist): a task is completed once.</returns>
    Task<bool> CompleteGuideTaskAsync(WorkspaceId workspace, string id, GuideTaskCompletion completion, CancellationToken cancellationToken = default);
}
