using Helix.Core.Access;
using Helix.Core.Identity.Operations;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Privacy;

/// <summary>
/// Data subjects' deletion requests (right to be forgotten). An erasure is an operation in the event log, so it
/// happens at one point of the log's order and a rebuild repeats it; the call returns the receipt once the
/// person's rows are gone and their log records are tombstones. docs/privacy.md says what it does and does not reach.
/// </summary>
public static class ErasuresApi
{
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapErasuresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/privacy/erasures").WithTags("Privacy").RequirePermission(Permission.PrivacyManage);
        group.MapPost("/", CreateAsync)
            .WithSummary("Erases a person: {personId, reason?}. Every row of theirs goes, their events in the log become tombstones, and their identifiers are suppressed; returns the receipt")
            .Produces<ErasureReceipt>(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithSummary("The workspace's erasure receipts, newest first (?limit=1–1000, default 50)").Produces<ErasureReceipt[]>();
        group.MapGet("/{erasureId}", GetAsync).WithSummary("One erasure receipt").Produces<ErasureReceipt>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record ErasureRequest(string? PersonId, string? Reason);

    private static async Task<IResult> CreateAsync(
        ErasureRequest? request, HttpContext context, CollectWriter writer, EventPipeline pipeline, IProfileReader profiles, IErasureStore erasures, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request?.PersonId))
        {
            return ProblemResults.Field("personId", "is required: the person to erase");
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            return ProblemResults.Field("reason", $"is at most {MaxReasonLength} characters");
        }

        var workspace = context.User.Workspace();
        var person = new PersonId(request.PersonId.Trim());
        if (await profiles.GetProfileAsync(workspace, person, context.RequestAborted) is null)
        {
            return ProblemResults.NotFound($"No person '{person.Value}'.");
        }

        var operation = new IdentityOperation(
            OperationSubmission.NewId("era_"), workspace, IdentityOperationKind.Erase, person, null, null, null,
            OperationSubmission.RequestedBy(context), request.Reason?.Trim(), time.GetUtcNow());
        if (await OperationSubmission.SubmitAsync(operation, context, writer, pipeline) is not null)
        {
            return Results.Accepted($"/api/v1/privacy/erasures/{operation.OperationId}", new { erasureId = operation.OperationId, status = "pending" });
        }

        // Applied; a person merged away between the check and the apply leaves no receipt.
        return await erasures.FindErasureAsync(workspace, operation.OperationId, context.RequestAborted) is { } receipt
            ? Results.Created($"/api/v1/privacy/erasures/{receipt.ErasureId}", receipt)
            : Results.Problem(title: "Not erased", detail: $"Person '{person.Value}' merged into another before the erasure applied; erase that person.",
                statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ListAsync(int? limit, HttpContext context, IErasureStore erasures) =>
        Paging.Size(limit, out var size) is { } problem
            ? problem
            : Results.Ok(await erasures.ListErasuresAsync(context.User.Workspace(), size, context.RequestAborted));

    private static async Task<IResult> GetAsync(string erasureId, HttpContext context, IErasureStore erasures) =>
        await erasures.FindErasureAsync(context.User.Workspace(), erasureId, context.RequestAborted) is { } receipt
            ? Results.Ok(receipt)
            : ProblemResults.NotFound($"No erasure '{erasureId}'.");
}
