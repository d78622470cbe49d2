using Helix.Core.Access;
using Helix.Core.Privacy.Retention;
using Helix.Engine.Retention;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Privacy;

/// <summary>
/// Retention policies per event type (raw page views 180 days, say), enforced by <see cref="RetentionScheduler"/>
/// and on demand. docs/privacy.md says what an expired event leaves behind.
/// </summary>
public static class RetentionApi
{
    public const string ApiTrigger = "api";

    public static IEndpointRouteBuilder MapRetentionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/privacy/retention").WithTags("Privacy").RequirePermission(Permission.PrivacyManage);
        group.MapGet("/", GetAsync).WithSummary("The workspace's retention policies").Produces<RetentionSettings>();
        group.MapPut("/", PutAsync)
            .WithSummary("Replaces the retention policies: {policies: [{event or type, days}]}; an empty list keeps everything")
            .Produces<RetentionSettings>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/runs", RunAsync).WithSummary("Enforces the policies now and returns what each removed").Produces<RetentionRun>();
        group.MapGet("/runs", ListRunsAsync).WithSummary("Past enforcement runs, newest first (?limit=1–1000, default 50)").Produces<RetentionRun[]>();
        return app;
    }

    public sealed record RetentionRequest(IReadOnlyList<RetentionPolicy?>? Policies);

    private static async Task<IResult> GetAsync(HttpContext context, IRetentionStore store) =>
        Results.Ok(await store.GetRetentionAsync(context.User.Workspace(), context.RequestAborted));

    private static async Task<IResult> PutAsync(RetentionRequest? request, HttpContext context, IRetentionStore store, TimeProvider time)
    {
        var errors = RetentionPolicy.Validate(request?.Policies);
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid("Invalid retention policies", errors);
        }

        var settings = new RetentionSettings(request!.Policies!.Select(p => p!).ToList(), time.GetUtcNow(), OperationSubmission.RequestedBy(context));
        await store.SetRetentionAsync(context.User.Workspace(), settings, context.RequestAborted);
        return Results.Ok(settings);
    }

    private static async Task<IResult> RunAsync(HttpContext context, RetentionJob job) =>
        Results.Ok(await job.RunAsync(context.User.Workspace(), ApiTrigger, OperationSubmission.RequestedBy(context), context.RequestAborted));

    private static async Task<IResult> ListRunsAsync(int? limit, HttpContext context, IRetentionStore store) =>
        Paging.Size(limit, out var size) is { } problem
            ? problem
            : Results.Ok(await store.ListRetentionRunsAsync(context.User.Workspace(), size, context.RequestAborted));
}
