using Helix.Core.Access;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Identity;

/// <summary>
/// A data steward's decisions on the review queue. An accept claims the review with its merge operation
/// before writing it, so a retried or concurrent accept never writes a second merge and a reject never
/// overrules a merge already in the log; a retry after a timeout finishes the first attempt.
/// </summary>
internal static class MatchReviewDecisions
{
    public sealed record DecisionRequest(string? Reason);

    public static RouteGroupBuilder MapReviewDecisions(this RouteGroupBuilder group)
    {
        group.MapPost("/reviews/{reviewId}/accept", AcceptAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("The two are one customer: a merge operation joins them")
            .Produces<MatchingApi.ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/reviews/{reviewId}/reject", RejectAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("The two are different customers: the pair is never proposed again")
            .Produces<MatchingApi.ReviewResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> AcceptAsync(
        string reviewId, DecisionRequest? request, HttpContext context, IPersonMatchStore store, IProfileReader profiles,
        CollectWriter writer, EventPipeline pipeline, IIdentityJournal journal, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var (problem, review) = await OpenReviewAsync(store, workspace, reviewId, request, context.RequestAborted);
        if (review is null)
        {
            return problem!;
        }

        var operationId = review.OperationId;
        if (operationId is null)
        {
            if (await OnePersonAsync(profiles, review, context.RequestAborted))
            {
                // Another merge joined them since the run: nothing to write, the steward's answer stands.
                return await DecideAsync(store, review, MatchReviewStatus.Accepted, context, request, null, time);
            }

            operationId = OperationSubmission.NewId("iop_");
            if (!await store.ClaimReviewAsync(workspace, reviewId, operationId, context.RequestAborted))
            {
                return Conflict($"Review '{reviewId}' is being decided by another request.");
            }

            var merge = new IdentityOperation(
                operationId, workspace, IdentityOperationKind.Merge, review.LeftPerson, review.LeftAnchor, review.RightAnchor, null,
                OperationSubmission.RequestedBy(context), request?.Reason?.Trim() ?? $"review {reviewId} accepted", time.GetUtcNow());
            if (await OperationSubmission.SubmitAsync(merge, context, writer, pipeline) is { } pending)
            {
                return pending;
            }
        }

        // The claim's merge (this request's, or an earlier one that timed out or lost its caller).
        var outcome = await journal.FindOperationAsync(workspace, operationId, CancellationToken.None);
        if (outcome is null)
        {
            return Results.Accepted($"/api/v1/identity/operations/{operationId}", new { operationId, status = "pending" });
        }

        if (outcome.Applied || await OnePersonAsync(profiles, review, CancellationToken.None))
        {
            return await DecideAsync(store, review, MatchReviewStatus.Accepted, context, request, operationId, time);
        }

        await store.ReleaseReviewAsync(workspace, reviewId, operationId, CancellationToken.None);
        return Results.Problem(title: "Merge not applied", detail: outcome.Rejection, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["operationId"] = operationId });
    }

    private static async Task<IResult> RejectAsync(string reviewId, DecisionRequest? request, HttpContext context, IPersonMatchStore store, TimeProvider time)
    {
        var (problem, review) = await OpenReviewAsync(store, context.User.Workspace(), reviewId, request, context.RequestAborted);
        if (review is null)
        {
            return problem!;
        }

        return review.OperationId is { } claimed
            ? Conflict($"Review '{reviewId}' is being accepted: merge operation '{claimed}' is in the log.")
            : await DecideAsync(store, review, MatchReviewStatus.Rejected, context, request, null, time);
    }

    /// <summary>Whether the review's two anchors belong to one person now.</summary>
    private static async Task<bool> OnePersonAsync(IProfileReader profiles, MatchReview review, CancellationToken cancellationToken) =>
        await profiles.FindByIdentifierAsync(review.WorkspaceId, review.LeftAnchor, cancellationToken) is { } left
        && await profiles.FindByIdentifierAsync(review.WorkspaceId, review.RightAnchor, cancellationToken) == left;

    /// <returns>The review while it is open; else why it cannot be decided.</returns>
    private static async Task<(IResult? Problem, MatchReview? Review)> OpenReviewAsync(
        IPersonMatchStore store, WorkspaceId workspace, string reviewId, DecisionRequest? request, CancellationToken cancellationToken)
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
        IPersonMatchStore store, MatchReview review, MatchReviewStatus decision, HttpContext context, DecisionRequest? request, string? operationId, TimeProvider time)
    {
        var decided = await store.DecideReviewAsync(
            review.WorkspaceId, review.ReviewId, decision, OperationSubmission.RequestedBy(context), request?.Reason?.Trim(), operationId, time.GetUtcNow(),
            CancellationToken.None);
        var now = (await store.FindReviewAsync(review.WorkspaceId, review.ReviewId, CancellationToken.None))!;
        return decided ? Results.Ok(MatchingApi.ToResponse(now)) : AlreadyDecided(now);
    }

    private static IResult AlreadyDecided(MatchReview review) =>
        review.Status == MatchReviewStatus.Open
            ? Conflict($"Review '{review.ReviewId}' is being decided by another request.")
            : Conflict($"Review '{review.ReviewId}' was {review.Status.ToString().ToLowerInvariant()} by {review.DecidedBy}.");

    private static IResult Conflict(string detail) =>
        Results.Problem(title: "Review not decided", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
