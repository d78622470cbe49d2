using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Access;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Server.Auth;
using Helix.Server.Journeys.Runtime;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Journeys.Testing;

/// <summary>
/// The journey test mode (docs/journeys.md, Test mode): one stored person walked through a journey version on a
/// simulated clock with <see cref="JourneySimulator"/> over their stored events. It answers the path and each action
/// that would be performed, rendered for the person, and sends nothing, stores nothing: it only reads.
/// </summary>
public static class JourneyTestApi
{
    /// <summary>The most of the person's stored events a test replays (the newest).</summary>
    public const int MaxEvents = 10_000;

    public static IEndpointRouteBuilder MapJourneyTestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/journeys/{name}/test", TestAsync).WithTags("Journeys")
            .RequirePermission(Permission.JourneysWrite)
            .WithSummary("Test mode: walks one person ({personId, version?, at?, until?}) through the journey on a simulated clock over their stored events; answers the path and each action that would be performed, rendered for them, with what would withhold it; sends and stores nothing")
            .Produces<JourneyTestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="EnteredBy">given (the request's at), event (the person's first event that enters them) or now.</param>
    /// <param name="End">Where the walk ended: exited, converted (the goal), or waiting at a step when the clock reached until.</param>
    public sealed record JourneyTestResponse(
        string Journey, int Version, string PersonId, DateTimeOffset EnteredAt, string EnteredBy, DateTimeOffset Until, bool HeldOut,
        IReadOnlyList<PathStep> Path, IReadOnlyList<TestAction> Actions, TestEnd End);

    /// <param name="Withheld">Why the action would not be performed (journey holdout, global holdout, no consent, a limit); empty when it would.</param>
    /// <param name="Rendered">The action's parameters with every text rendered for the person; null when a template fails (<paramref name="Error"/>).</param>
    /// <param name="Task">For <c>guide_task</c>: the task that would be created.</param>
    public sealed record TestAction(
        string Step, DateTimeOffset At, string Connector, bool IsMessage, IReadOnlyList<string> Withheld, JsonNode? Rendered, string? Error, GuideTaskPreview? Task);

    public sealed record GuideTaskPreview(string Id, string Store, string? Guide, string Title, string? Note, DateTimeOffset DueAt);

    /// <param name="Kind">The step's kind (wait, waitUntil, waitForEvent, condition, split, action, exit).</param>
    /// <param name="Took">For a condition the branch (then, else); for a split the arm; for an action performed, withheld or skipped (quiet hours); for an exit exited or converted.</param>
    public sealed record PathStep(DateTimeOffset At, string Step, string Kind, string? Took);

    /// <param name="WakeAt">For a person still waiting: when their timer would fire.</param>
    public sealed record TestEnd(string Status, string Step, DateTimeOffset? At, DateTimeOffset? WakeAt);

    private static async Task<IResult> TestAsync(
        string name, HttpContext context, IJourneyStore journeys, IProfileReader profiles, IConsentStore consents, IJourneyOutbox outbox, IJourneyRecipients recipients,
        IAudienceQueries audiences, DefinitionsSubmission definitions, HelixServerOptions options, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } json)
        {
            return bodyProblem!;
        }

        var (request, errors) = JourneyTestRequest.Parse(json);
        if (request is null)
        {
            return ProblemResults.Invalid("Invalid test", errors);
        }

        var workspace = context.User.Workspace();
        var cancel = context.RequestAborted;
        if (await journeys.GetJourneyAsync(workspace, name, cancel) is not { } journey)
        {
            return ProblemResults.NotFound($"No journey '{name}'.");
        }

        var versions = await journeys.JourneyVersionsAsync(workspace, name, cancel);
        var version = request.Version ?? journey.Version;
        if (versions.FirstOrDefault(v => v.Version == version) is not { } saved)
        {
            return ProblemResults.Field("version", $"journey '{name}' has versions 1 to {journey.Version}");
        }

        if (JourneySpec.Parse(JsonElement.Parse(saved.Definition)).Journey is not { } definition)
        {
            return Results.Problem(title: "Not testable", statusCode: StatusCodes.Status409Conflict, detail: $"Version {version} of '{name}' no longer parses; save it again.");
        }

        var person = await profiles.GetProfileAsync(workspace, new PersonId(request.PersonId), cancel);
        if (person is null && await profiles.SurvivorOfAsync(workspace, new PersonId(request.PersonId), cancel) is { } survivor)
        {
            person = await profiles.GetProfileAsync(workspace, survivor, cancel);
        }

        if (person is null)
        {
            return ProblemResults.NotFound($"No person '{request.PersonId}'.");
        }

        var events = await EventsAsync(profiles, workspace, person.PersonId, cancel);
        var (enteredAt, enteredBy) = request.At is { } at ? (at, "given")
            : JourneySimulator.FirstEntry(definition, events) is { } first ? (first, "event")
            : (time.GetUtcNow(), "now");
        var until = request.Until ?? enteredAt + JourneyTestRequest.DefaultSpan;
        if (until <= enteredAt || until - enteredAt > JourneyTestRequest.MaxSpan)
        {
            return ProblemResults.Field("until", $"is after the entry ({enteredAt:O}), by at most {JourneyTestRequest.MaxSpan.TotalDays:0} days");
        }

        var personContext = new JourneyPersonContext(audiences, workspace, person.PersonId, await definitions.CurrentAsync(workspace, cancel));
        var machine = new JourneyMachine(definition, person.PersonId.Value, personContext);
        // The condition steps query the store synchronously; off the request thread, as the runner does.
        var walk = await Task.Run(() => JourneySimulator.Run(machine, enteredAt, events, until), cancel);

        var pressureJson = await outbox.MarketingPressureAsync(workspace, cancel);
        var pressure = pressureJson is null ? MarketingPressure.None : MarketingPressure.Parse(JsonElement.Parse(pressureJson)).Pressure ?? MarketingPressure.None;
        var preview = new ActionPreview(workspace, DeliveryProfile.Of(person), ConsentState.Of(await consents.ConsentStatementsAsync(workspace, person.PersonId, cancel)),
            pressure, await SentAsync(recipients, workspace, person.PersonId, time.GetUtcNow(), cancel), options.Guide);
        var actions = walk.Effects.OfType<ActionTaken>()
            .Select(a => preview.Of(a, new JourneyDelivery(workspace, $"test:{name}:{person.PersonId.Value}:{a.Step}", name, version, person.PersonId, a.Step, a.Action, a.At, 0)))
            .ToList();
        return Results.Ok(new JourneyTestResponse(name, version, person.PersonId.Value, enteredAt, enteredBy, until, machine.HeldOut,
            JourneyTestPath.Of(definition, walk.Effects), actions, JourneyTestPath.End(walk)));
    }

    private static async Task<IReadOnlyList<SentCount>> SentAsync(
        IJourneyRecipients recipients, WorkspaceId workspace, PersonId person, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await recipients.RecipientsAsync([(workspace, person)], consents: false, sent: true, now, cancellationToken))[(workspace, person)].Sent;

    /// <summary>The person's stored events, oldest first (at most the newest <see cref="MaxEvents"/>), as the runtime sees them.</summary>
    private static async Task<List<CollectedMessage>> EventsAsync(IProfileReader profiles, WorkspaceId workspace, PersonId person, CancellationToken cancellationToken)
    {
        var events = new List<CollectedMessage>();
        TimelineCursor? after = null;
        do
        {
            var page = await profiles.GetTimelineAsync(workspace, person, after, 1000, null, cancellationToken);
            events.AddRange(page.Events.Select(e => new CollectedMessage
            {
                WorkspaceId = workspace, SourceId = e.SourceId, MessageId = e.MessageId, Type = e.Type, Event = e.Event, UserId = e.UserId,
                AnonymousId = e.AnonymousId, Timestamp = e.Timestamp, ReceivedAt = e.ReceivedAt, Properties = e.Properties, Traits = e.Traits, Context = e.Context,
            }));
            after = page.Next;
        }
        while (after is not null && events.Count < MaxEvents);

        events.Reverse();
        return events;
    }
}
