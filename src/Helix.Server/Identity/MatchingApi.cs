using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Identity.Operations;
using Helix.Engine.Matching;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Identity;

/// <summary>
/// Probabilistic matching: run it over the workspace's persons (pairs above the upper threshold merge
/// through merge operations), and work the review queue of the pairs between the thresholds.
/// </summary>
public static class MatchingApi
{
    public const int MaxSpecBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapMatchingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/identity/matching").WithTags("Identity");
        group.MapPost("/runs", RunAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("Matches the workspace's persons by their traits: merges the sure pairs, queues the likely ones for review. Body: a match spec, or nothing for the defaults")
            .Produces<RunResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/runs", ListRunsAsync).RequirePermission(Permission.ProfilesRead).WithSummary("The workspace's matching runs, newest first");
        group.MapGet("/runs/{runId}", GetRunAsync).RequirePermission(Permission.ProfilesRead).WithSummary("One matching run").Produces<RunResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reviews", ListReviewsAsync).RequirePermission(Permission.ProfilesRead).WithSummary("The review queue, highest score first; ?status=open|accepted|rejected");
        group.MapGet("/reviews/{reviewId}", GetReviewAsync).RequirePermission(Permission.ProfilesRead).WithSummary("One proposed pair with the evidence field by field")
            .Produces<ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapReviewDecisions();
        return app;
    }

    public sealed record SideResponse(string PersonId, IdentityOperationsApi.IdentifierResponse Anchor);

    public sealed record ReviewResponse(
        string ReviewId, string RunId, string Status, double Score, double Probability, SideResponse Left, SideResponse Right,
        IReadOnlyList<MatchReviewEvidence> Evidence, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string? OperationId);

    public sealed record RunResponse(
        string RunId, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Persons, int CandidatePairs, int SkippedBlocks,
        MatchRunModel? Model, int AutoMergeSubmitted, int AutoMergeApplied, int AutoMergeRejected, int QueuedForReview,
        IReadOnlyList<string> MergeOperations, JsonElement Spec);

    internal static ReviewResponse ToResponse(MatchReview r) => new(
        r.ReviewId, r.RunId, r.Status.ToString().ToLowerInvariant(), r.Score, r.Probability,
        new(r.LeftPerson.Value, new(r.LeftAnchor.Type, r.LeftAnchor.Value)), new(r.RightPerson.Value, new(r.RightAnchor.Type, r.RightAnchor.Value)),
        r.Evidence, r.CreatedAt, r.DecidedAt, r.DecidedBy, r.DecisionReason, r.OperationId);

    private static RunResponse ToResponse(MatchRun r) => new(
        r.RunId, r.RequestedBy, r.StartedAt, r.FinishedAt, r.Persons, r.CandidatePairs, r.SkippedBlocks, r.Model,
        r.AutoMergeSubmitted, r.AutoMergeApplied, r.AutoMergeRejected, r.QueuedForReview, r.MergeOperations, JsonElement.Parse(r.Spec));

    private static async Task<IResult> RunAsync(HttpContext context, PersonMatchingJob job, IIdentityJournal journal)
    {
        var workspace = context.User.Workspace();
        var (spec, error) = await ReadSpecAsync(context.Request);
        if (spec is null)
        {
            return ProblemResults.Field("body", error!);
        }

        if (spec.Validate(out var errors) is not { } config)
        {
            return ProblemResults.Invalid("Invalid match spec", errors);
        }

        var rules = await WorkspaceRules.GetAsync(journal, workspace, context.RequestAborted);
        if (await job.TryRunAsync(workspace, config, spec.ToJson(), rules, OperationSubmission.RequestedBy(context), context.RequestAborted) is not { } run)
        {
            return Results.Problem(title: "A matching run is in progress", detail: "This workspace is being matched; try again when that run has finished.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return Results.Created($"/api/v1/identity/matching/runs/{run.RunId}", ToResponse(run));
    }

    private static async Task<IResult> ListRunsAsync(int? limit, HttpContext context, IPersonMatchStore store) =>
        Results.Ok((await store.ListRunsAsync(context.User.Workspace(), Math.Clamp(limit ?? 50, 1, 500), context.RequestAborted)).Select(ToResponse).ToArray());

    private static async Task<IResult> GetRunAsync(string runId, HttpContext context, IPersonMatchStore store) =>
        await store.FindRunAsync(context.User.Workspace(), runId, context.RequestAborted) is { } run
            ? Results.Ok(ToResponse(run))
            : ProblemResults.NotFound($"No matching run '{runId}'.");

    private static async Task<IResult> ListReviewsAsync(string? status, int? limit, HttpContext context, IPersonMatchStore store)
    {
        MatchReviewStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (status is not ("open" or "accepted" or "rejected"))
            {
                return ProblemResults.Field("status", "must be open, accepted or rejected");
            }

            filter = Enum.Parse<MatchReviewStatus>(status, ignoreCase: true);
        }

        return Results.Ok((await store.ListReviewsAsync(context.User.Workspace(), filter, Math.Clamp(limit ?? 100, 1, 1000), context.RequestAborted)).Select(ToResponse).ToArray());
    }

    private static async Task<IResult> GetReviewAsync(string reviewId, HttpContext context, IPersonMatchStore store) =>
        await store.FindReviewAsync(context.User.Workspace(), reviewId, context.RequestAborted) is { } review
            ? Results.Ok(ToResponse(review))
            : ProblemResults.NotFound($"No review '{reviewId}'.");

    private static async Task<(PersonMatchSpec? Spec, string? Error)> ReadSpecAsync(HttpRequest request)
    {
        if (await RequestText.ReadAsync(request, MaxSpecBytes) is not { } text)
        {
            return (null, $"is larger than {MaxSpecBytes / 1024} KB");
        }

        try
        {
            return (string.IsNullOrWhiteSpace(text) ? new PersonMatchSpec() : PersonMatchSpec.FromJson(text), null);
        }
        catch (JsonException e)
        {
            return (null, $"is not a match spec: {e.Message}");
        }
    }
}
