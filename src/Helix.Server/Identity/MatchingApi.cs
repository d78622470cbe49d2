using System.Text.Json;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Identity.Operations;
using Helix.Engine.Ingestion;
using Helix.Engine.Matching;
using Helix.Engine.Pipeline;
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
        var group = app.MapGroup("/api/v1/identity/matching").WithTags("Identity").RequireAuthorization();
        group.MapPost("/runs", RunAsync)
            .WithSummary("Matches the workspace's persons by their traits: merges the sure pairs, queues the likely ones for review. Body: a match spec, or nothing for the defaults")
            .Produces<RunResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/runs", ListRunsAsync).WithSummary("The workspace's matching runs, newest first");
        group.MapGet("/runs/{runId}", GetRunAsync).WithSummary("One matching run").Produces<RunResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reviews", ListReviewsAsync).WithSummary("The review queue, highest score first; ?status=open|accepted|rejected");
        group.MapGet("/reviews/{reviewId}", GetReviewAsync).WithSummary("One proposed pair with the evidence field by field")
            .Produces<ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/reviews/{reviewId}/accept", AcceptAsync)
            .WithSummary("The two are one customer: a merge operation joins them")
            .Produces<ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/reviews/{reviewId}/reject", RejectAsync)
            .WithSummary("The two are different customers: the pair is never proposed again")
            .Produces<ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record DecisionRequest(string? Reason);

    public sealed record SideResponse(string PersonId, IdentityOperationsApi.IdentifierResponse Anchor);

    public sealed record ReviewResponse(
        string ReviewId, string RunId, string Status, double Score, double Probability, SideResponse Left, SideResponse Right,
        IReadOnlyList<MatchReviewEvidence> Evidence, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string? OperationId);

    public sealed record RunResponse(
        string RunId, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Persons, int CandidatePairs, int SkippedBlocks,
        MatchRunModel? Model, int AutoMergeSubmitted, int AutoMergeApplied, int AutoMergeRejected, int QueuedForReview,
        IReadOnlyList<string> MergeOperations, JsonElement Spec);

    private static ReviewResponse ToResponse(MatchReview r) => new(
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
        var run = await job.RunAsync(workspace, config, spec.ToJson(), rules, OperationSubmission.RequestedBy(context), context.RequestAborted);
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
        MatchReviewStatus? filter = status switch
        {
            null or "" => null,
            "open" => MatchReviewStatus.Open,
            "accepted" => MatchReviewStatus.Accepted,
            "rejected" => MatchReviewStatus.Rejected,
            _ => (MatchReviewStatus)(-1),
        };
        if (filter is (MatchReviewStatus)(-1))
        {
            return ProblemResults.Field("status", "must be open, accepted or rejected");
        }

        return Results.Ok((await store.ListReviewsAsync(context.User.Workspace(), filter, Math.Clamp(limit ?? 100, 1, 1000), context.RequestAborted)).Select(ToResponse).ToArray());
    }

    private static async Task<IResult> GetReviewAsync(string reviewId, HttpContext context, IPersonMatchStore store) =>
        await store.FindReviewAsync(context.User.Workspace(), reviewId, context.RequestAborted) is { } review
            ? Results.Ok(ToResponse(review))
            : ProblemResults.NotFound($"No review '{reviewId}'.");

    /// <summary>Submits the merge and records the decision once the pipeline applied it; a merge the rules refuse leaves the review open.</summary>
    private static async Task<IResult> AcceptAsync(
        string reviewId, DecisionRequest? request, HttpContext context, IPersonMatchStore store, CollectWriter writer, EventPipeline pipeline, IIdentityJournal journal, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var (problem, review) = await OpenReviewAsync(store, workspace, reviewId, request, context.RequestAborted);
        if (review is null)
        {
            return problem!;
        }

        var merge = new IdentityOperation(
            OperationSubmission.NewId("iop_"), workspace, IdentityOperationKind.Merge, review.LeftPerson, review.LeftAnchor, review.RightAnchor, null,
            OperationSubmission.RequestedBy(context), request?.Reason?.Trim() ?? $"review {reviewId} accepted", time.GetUtcNow());
        if (await OperationSubmission.SubmitAsync(merge, context, writer, pipeline) is { } pending)
        {
            return pending;
        }

        var outcome = await journal.FindOperationAsync(workspace, merge.OperationId, context.RequestAborted);
        if (outcome is not { Applied: true })
        {
            return Results.Problem(title: "Merge not applied", detail: outcome?.Rejection, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["operationId"] = merge.OperationId });
        }

        return await DecideAsync(store, workspace, reviewId, MatchReviewStatus.Accepted, context, request, merge.OperationId, time);
    }

    private static async Task<IResult> RejectAsync(string reviewId, DecisionRequest? request, HttpContext context, IPersonMatchStore store, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        return await OpenReviewAsync(store, workspace, reviewId, request, context.RequestAborted) is { Review: null, Problem: { } problem }
            ? problem
            : await DecideAsync(store, workspace, reviewId, MatchReviewStatus.Rejected, context, request, null, time);
    }

    /// <returns>The review while it is open; else why it cannot be decided.</returns>
    private static async Task<(IResult? Problem, MatchReview? Review)> OpenReviewAsync(
        IPersonMatchStore store, Core.Workspaces.WorkspaceId workspace, string reviewId, DecisionRequest? request, CancellationToken cancellationToken)
    {
        if (request?.Reason is { Length: > IdentityOperationsApi.MaxReasonLength })
        {
            return (ProblemResults.Field("reason", $"is at most {IdentityOperationsApi.MaxReasonLength} characters"), null);
        }

        return await store.FindReviewAsync(workspace, reviewId, cancellationToken) switch
        {
            null => (ProblemResults.NotFound($"No review '{reviewId}'."), null),
            { Status: not MatchReviewStatus.Open } decided => (AlreadyDecided(decided), null),
            var open => (null, open),
        };
    }

    private static async Task<IResult> DecideAsync(
        IPersonMatchStore store, Core.Workspaces.WorkspaceId workspace, string reviewId, MatchReviewStatus decision, HttpContext context,
        DecisionRequest? request, string? operationId, TimeProvider time)
    {
        var decided = await store.DecideReviewAsync(
            workspace, reviewId, decision, OperationSubmission.RequestedBy(context), request?.Reason?.Trim(), operationId, time.GetUtcNow(), CancellationToken.None);
        var review = (await store.FindReviewAsync(workspace, reviewId, CancellationToken.None))!;
        return decided ? Results.Ok(ToResponse(review)) : AlreadyDecided(review);
    }

    private static IResult AlreadyDecided(MatchReview review) =>
        Results.Problem(title: "Review already decided", detail: $"Review '{review.ReviewId}' was {review.Status.ToString().ToLowerInvariant()} by {review.DecidedBy}.",
            statusCode: StatusCodes.Status409Conflict);

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
