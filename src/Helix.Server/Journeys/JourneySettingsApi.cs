using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Journeys.Delivery;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Journeys;

/// <summary>The workspace's limits across journeys: fatigue, per-channel limits and the global holdout (<see cref="MarketingPressure"/>).</summary>
public static class JourneySettingsApi
{
    public static IEndpointRouteBuilder MapJourneySettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/journey-settings").WithTags("Journeys");
        group.MapGet("/", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Limits across every journey: {fatigue: {perDay, perWeek}, channels: {sms: {perDay, perWeek}, …}, globalHoldout}")
            .Produces<JsonElement>();
        group.MapPut("/", PutAsync)
            .RequirePermission(Permission.JourneysWrite)
            .WithSummary("Replaces the limits across journeys; 400 names each bad field")
            .Produces<JsonElement>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IJourneyOutbox outbox) =>
        Results.Text(await outbox.MarketingPressureAsync(context.User.Workspace(), context.RequestAborted) ?? MarketingPressure.None.ToJson(), "application/json");

    private static async Task<IResult> PutAsync(HttpContext context, IJourneyOutbox outbox, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var (pressure, errors) = MarketingPressure.Parse(request);
        if (pressure is null)
        {
            return ProblemResults.Invalid("Invalid journey settings", errors);
        }

        var json = pressure.ToJson();
        await outbox.SaveMarketingPressureAsync(context.User.Workspace(), json, time.GetUtcNow(), context.RequestAborted);
        return Results.Text(json, "application/json");
    }
}
