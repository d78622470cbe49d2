using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core;
using Helix.Core.Guide;
using Helix.Core.Journeys.Delivery;
using Helix.Server.Guide;

namespace Helix.Server.Journeys.Actions;

/// <summary>
/// The <c>guide_task</c> action (导购任务): "contact this member" for the member's bound store guide, due <c>dueIn</c>
/// after the delivery. The task's id derives from the delivery's key and the store inserts it only once, so a delivery
/// repeated after a crash or a retry creates no second task. A member bound to a store but to no guide gets a task of
/// the store (any of its guides may take it); a member bound to no store is refused for good (the dead-letter list).
/// </summary>
public sealed class GuideTaskConnector(IGuideTaskStore tasks, HelixServerOptions options, TimeProvider time) : IJourneyConnector
{
    public const string ConnectorName = "guide_task";

    public string Name => ConnectorName;

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var (task, error) = Plan(request.Delivery, request.Profile, options.Guide, time.GetUtcNow());
        if (task is null)
        {
            return DeliveryOutcome.Reject(error!);
        }

        await tasks.AddGuideTaskAsync(request.Delivery.Workspace, task, cancellationToken);
        return DeliveryOutcome.Delivered(task.Id);
    }

    /// <summary>The task a delivery creates at <paramref name="now"/>, or why it creates none. Pure: the test mode shows it without storing it.</summary>
    public static (GuideTask? Task, string? Error) Plan(JourneyDelivery delivery, DeliveryProfile profile, GuideOptions options, DateTimeOffset now)
    {
        var parameters = delivery.Action.Parameters;
        if (Text(parameters, "dueIn") is not { } dueText || !Durations.TryParseExact(dueText, out var dueIn))
        {
            return (null, "parameters.dueIn is not a duration such as 48h, 2d or 30m");
        }

        if (options.StoreTraits.Select(t => Text(profile.Traits, t)).FirstOrDefault(v => v is not null) is not { } store)
        {
            return (null, $"the member is bound to no store (none of the traits {string.Join(", ", options.StoreTraits)}): no guide to assign the task to");
        }

        var model = TemplateModel.For(profile);
        string title;
        string? note;
        try
        {
            title = MessageTemplate.Render(Text(parameters, "title") ?? "", model).Trim();
            note = Text(parameters, "note") is { } n ? MessageTemplate.Render(n, model) : null;
        }
        catch (TemplateException e)
        {
            return (null, e.Message);
        }

        if (title.Length == 0)
        {
            return (null, "parameters.title renders empty for this member");
        }

        var guide = options.GuideTraits.Select(t => Text(profile.Traits, t)).FirstOrDefault(v => v is not null);
        return (new GuideTask(TaskId(delivery), delivery.Key, delivery.Journey, delivery.Step, delivery.Person, store, guide, title, note, now + dueIn, now, null), null);
    }

    /// <summary>A digest of the workspace and the delivery's key: the same delivery always names the same task.</summary>
    public static string TaskId(JourneyDelivery delivery) =>
        "gt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{delivery.Workspace.Value}|{delivery.Key}")))[..24];

    /// <summary>A string as is, a number as written (a store id sent as 1001); null for anything else.</summary>
    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
