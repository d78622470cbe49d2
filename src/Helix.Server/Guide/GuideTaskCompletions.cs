using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Guide;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Server.Journeys.Actions;

namespace Helix.Server.Guide;

/// <summary>
/// Completes guide tasks: the <c>Guide Task Completed</c> event goes into the log like any collected event (so a journey
/// can wait for it or count it as its goal), then the task is marked done. The event's message id derives from the task,
/// so a completion retried after a crash between the two records the event once; completions run one at a time, so
/// two racing completions of one task cannot both record an event.
/// </summary>
public sealed class GuideTaskCompletions(IGuideTaskStore tasks, IProfileReader profiles, CollectWriter writer, TimeProvider time) : IDisposable
{
    public const string EventName = "Guide Task Completed";

    private readonly SemaphoreSlim _one = new(1, 1);

    public void Dispose() => _one.Dispose();

    /// <returns>The completed task, or null when it was done already.</returns>
    public async Task<GuideTask?> CompleteAsync(WorkspaceId workspace, GuideTask task, string outcome, string? note, string by, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (await tasks.GetGuideTaskAsync(workspace, task.Id, cancellationToken) is not { IsDone: false } open)
            {
                return null;
            }

            var now = time.GetUtcNow();
            if (await EventAsync(workspace, open, outcome, note, now, cancellationToken) is { } message)
            {
                await writer.WriteAsync([message], cancellationToken);
            }

            var completion = new GuideTaskCompletion(outcome, note, now, by);
            return await tasks.CompleteGuideTaskAsync(workspace, open.Id, completion, cancellationToken) ? open with { Completion = completion } : null;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The event about the task's member (a merged member's survivor); null when the member is gone or has no identifier.</summary>
    private async Task<CollectedMessage?> EventAsync(WorkspaceId workspace, GuideTask task, string outcome, string? note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var person = await profiles.GetProfileAsync(workspace, task.Person, cancellationToken);
        if (person is null && await profiles.SurvivorOfAsync(workspace, task.Person, cancellationToken) is { } survivor)
        {
            person = await profiles.GetProfileAsync(workspace, survivor, cancellationToken);
        }

        if (person is null)
        {
            return null;
        }

        var profile = DeliveryProfile.Of(person);
        var properties = JsonSerializer.SerializeToElement(new Dictionary<string, string?>
        {
            ["task_id"] = task.Id,
            ["outcome"] = outcome,
            ["note"] = note,
            ["store"] = task.Store,
            ["guide"] = task.Guide,
            ["journey"] = task.Journey,
            ["step"] = task.Step,
        });
        var id = "gtc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workspace.Value}|{task.Id}")))[..32];
        return PersonMessage.For(workspace, profile, id, (task.Journey, task.Step), MessageType.Track, EventName, properties, null, now);
    }
}
