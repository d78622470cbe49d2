using System.Security.Cryptography;
using System.Text.Json;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Identity.Operations;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Journeys.Runtime;
using Helix.Server.Problems;
using Helix.Server.Profiles;
using Helix.Server.Tags;

namespace Helix.Server.Journeys;

/// <summary>A running journey: entries through the API, its statistics, and its outbox by status (the dead-letter list).</summary>
public static class JourneyRuntimeApi
{
    private const int MaxRequestIdLength = 128;

    public static IEndpointRouteBuilder MapJourneyRuntimeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/journeys/{name}").WithTags("Journeys");
        group.MapPost("/entries", EnterAsync)
            .RequirePermission(Permission.JourneysWrite)
            .WithSummary("Enters one person into a live journey whose entry is `api`: {identifier: {type, value}} or {personId}, optional requestId (idempotent); 202 once stored")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/statistics", StatisticsAsync)
            .RequirePermission(Permission.AnalyticsRead)
            .WithSummary("Entries, goal conversions (holdout apart), each step's traffic, each split arm's and branch's conversions, each connector's deliveries")
            .Produces<JourneyStatistics>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/deliveries", DeliveriesAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("The journey's actions in one status (?status=dead: the dead-letter list; pending, delivered, withheld, suppressed), newest first")
            .Produces<IReadOnlyList<DeliveryResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record EntryAccepted(string Journey, string PersonId, string RequestId);

    public sealed record DeliveryResponse(
        string Key, string Person, string Step, string Connector, string Status, int Attempts, DateTimeOffset DueAt, string? LastError, DateTimeOffset UpdatedAt);

    private static async Task<IResult> EnterAsync(
        string name, HttpContext context, IJourneyStore journeys, IJourneyRuntimeStore runtime, JourneyCatalog catalog, IProfileReader profiles,
        IIdentityJournal journal, JourneySignals signals, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var workspace = context.User.Workspace();
        var requestId = request.TryGetProperty("requestId", out var r) ? r : default;
        if (requestId.ValueKind != JsonValueKind.Undefined && (requestId.ValueKind != JsonValueKind.String || requestId.GetString() is not { Length: > 0 and <= MaxRequestIdLength }))
        {
            return ProblemResults.Field("requestId", $"is a string of 1 to {MaxRequestIdLength} characters, the same on a retry of this request");
        }

        PersonId? person;
        if (request.TryGetProperty("personId", out var id))
        {
            if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= 200 } text)
            {
                return ProblemResults.Field("personId", "is a person id");
            }

            var given = new PersonId(text);
            person = await profiles.GetProfileAsync(workspace, given, context.RequestAborted) is not null ? given
                : await profiles.SurvivorOfAsync(workspace, given, context.RequestAborted);
        }
        else if (request.TryGetProperty("identifier", out var identifier) && identifier.ValueKind == JsonValueKind.Object)
        {
            var (profile, problem) = await ProfileLookup.FindAsync(Text(identifier, "type"), Text(identifier, "value"), "identifier.value", workspace, profiles, journal,
                context.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }

            person = profile?.PersonId;
        }
        else
        {
            return ProblemResults.Field("identifier", "is required ({type, value}), or personId");
        }

        if (person is not { } found)
        {
            return ProblemResults.NotFound("Nobody in this workspace has that identifier or id.");
        }

        if (await journeys.GetJourneyAsync(workspace, name, context.RequestAborted) is not { } journey)
        {
            return ProblemResults.NotFound($"No journey '{name}'.");
        }

        var definition = await catalog.VersionAsync(workspace, name, journey.Version, context.RequestAborted);
        if (journey.Status != JourneyStatus.Live || definition?.Entry is not ApiEntry)
        {
            return Results.Problem(title: "Not enterable", statusCode: StatusCodes.Status409Conflict,
                detail: $"Journey '{name}' is {WireNames.Of(journey.Status)}; only a live journey whose entry is `api` takes entries through the API.");
        }

        var key = requestId.ValueKind == JsonValueKind.String ? requestId.GetString()! : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await runtime.RequestEntriesAsync([new EntryRequest(workspace, name, found, $"api:{key}", time.GetUtcNow())], null, context.RequestAborted);
        signals.EntryRequested();
        return Results.Accepted(value: new EntryAccepted(name, found.Value, key));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<IResult> StatisticsAsync(string name, HttpContext context, IJourneyStore journeys, IJourneyRuntimeStore runtime)
    {
        var workspace = context.User.Workspace();
        return await journeys.GetJourneyAsync(workspace, name, context.RequestAborted) is null
            ? ProblemResults.NotFound($"No journey '{name}'.")
            : Results.Ok(await runtime.JourneyStatisticsAsync(workspace, name, context.RequestAborted));
    }

    private static readonly string[] Statuses = [DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Dead, DeliveryStatus.Withheld, DeliveryStatus.Suppressed];

    private static async Task<IResult> DeliveriesAsync(string name, HttpContext context, IJourneyStore journeys, IJourneyRuntimeStore runtime, string? status, int? limit)
    {
        if (status is null || !Statuses.Contains(status))
        {
            return ProblemResults.Field("status", $"is one of {string.Join(", ", Statuses)}");
        }

        if (limit is < 1 or > 1000)
        {
            return ProblemResults.Field("limit", "is between 1 and 1000");
        }

        var workspace = context.User.Workspace();
        return await journeys.GetJourneyAsync(workspace, name, context.RequestAborted) is null
            ? ProblemResults.NotFound($"No journey '{name}'.")
            : Results.Ok((await runtime.OutboxAsync(workspace, name, status, limit ?? 100, context.RequestAborted))
                .Select(o => new DeliveryResponse(o.Key, o.Person.Value, o.Step, o.Connector, o.Status, o.Attempts, o.DueAt, o.LastError, o.UpdatedAt)).ToList());
    }
}
