using Helix.Core.Access;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Identity;

/// <summary>
/// Unmerge: separate two identifiers of a person, detach a shared identifier, revert either. Each
/// operation is journaled (who, when, why, persons before and after) and applied through the event
/// log, so a rebuild replays it. The call returns once the pipeline has applied it.
/// </summary>
public static class IdentityOperationsApi
{
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapIdentityOperationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/identity/operations").WithTags("Identity");
        group.MapPost("/", CreateAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("Splits a person: kind 'separate' (personId, from, to) or 'detach' (personId, identifier); joins two: kind 'merge' (personId, otherPersonId); or undoes one: kind 'revert' (reverts)")
            .Produces<OperationResponse>(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).RequirePermission(Permission.ProfilesRead).WithSummary("The workspace's identity operations, newest first");
        group.MapGet("/{operationId}", GetAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("One identity operation with the persons before and after it")
            .Produces<OperationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record IdentifierBody(string? Type, string? Value);

    public sealed record OperationRequest(
        string? Kind, string? PersonId, IdentifierBody? From, IdentifierBody? To, IdentifierBody? Identifier, string? Reverts, string? Reason, string? OtherPersonId = null);

    public sealed record IdentifierResponse(string Type, string Value);

    public sealed record PersonResponse(string PersonId, long EventCount, IReadOnlyList<IdentifierResponse> Identifiers);

    public sealed record OperationResponse(
        string OperationId,
        string Kind,
        string Status,
        string? Rejection,
        string? PersonId,
        IdentifierResponse? From,
        IdentifierResponse? To,
        string? Reverts,
        string? RevertedBy,
        string RequestedBy,
        string? Reason,
        DateTimeOffset RequestedAt,
        long Position,
        IReadOnlyList<PersonResponse> Before,
        IReadOnlyList<PersonResponse> After);

    private static async Task<IResult> CreateAsync(
        OperationRequest? request, HttpContext context, CollectWriter writer, EventPipeline pipeline, IIdentityJournal journal, IProfileReader profiles, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var rules = await WorkspaceRules.GetAsync(journal, workspace, context.RequestAborted);
        var parsed = await ParseAsync(request, workspace, rules, profiles, context.RequestAborted);
        if (parsed.Problem is { } problem)
        {
            return problem;
        }

        var operation = new IdentityOperation(
            OperationSubmission.NewId("iop_"), workspace, parsed.Kind, parsed.Person, parsed.From, parsed.To,
            parsed.Kind == IdentityOperationKind.Revert ? request!.Reverts : null, OperationSubmission.RequestedBy(context), request!.Reason?.Trim(), time.GetUtcNow());
        if (await OperationSubmission.SubmitAsync(operation, context, writer, pipeline) is { } pending)
        {
            return pending;
        }

        var outcome = await journal.FindOperationAsync(workspace, operation.OperationId, context.RequestAborted)
            ?? throw new InvalidOperationException($"Operation {operation.OperationId} was applied but is not in the journal.");
        return outcome.Applied
            ? Results.Created($"/api/v1/identity/operations/{operation.OperationId}", ToResponse(outcome))
            : Results.Problem(title: "Operation not applied", detail: outcome.Rejection, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["operationId"] = operation.OperationId });
    }

    private static async Task<IResult> ListAsync(int? limit, HttpContext context, IIdentityJournal journal)
    {
        var operations = await journal.ListOperationsAsync(context.User.Workspace(), Math.Clamp(limit ?? 100, 1, 1000), context.RequestAborted);
        return Results.Ok(operations.Select(ToResponse).ToArray());
    }

    private static async Task<IResult> GetAsync(string operationId, HttpContext context, IIdentityJournal journal) =>
        await journal.FindOperationAsync(context.User.Workspace(), operationId, context.RequestAborted) is { } outcome
            ? Results.Ok(ToResponse(outcome))
            : ProblemResults.NotFound($"No identity operation '{operationId}'.");

    private sealed record Parsed(IResult? Problem, IdentityOperationKind Kind = default, PersonId? Person = null, Identifier? From = null, Identifier? To = null);

    /// <summary>Checks the request against the person as last committed; the pipeline checks again when it applies it.</summary>
    private static async Task<Parsed> ParseAsync(
        OperationRequest? request, Core.Workspaces.WorkspaceId workspace, IdentityRules rules, IProfileReader profiles, CancellationToken cancellationToken)
    {
        if (!IdentityOperationCodec.TryParseKind(request?.Kind, out var kind) || kind is IdentityOperationKind.Rules or IdentityOperationKind.Erase)
        {
            return new(ProblemResults.Field("kind", "must be 'separate', 'detach', 'merge' or 'revert'"));
        }

        if (request!.Reason is { Length: > MaxReasonLength })
        {
            return new(ProblemResults.Field("reason", $"is at most {MaxReasonLength} characters"));
        }

        if (kind == IdentityOperationKind.Revert)
        {
            return string.IsNullOrWhiteSpace(request.Reverts)
                ? new(ProblemResults.Field("reverts", "is required: the id of the separate, detach or merge operation to undo"))
                : new(null, kind);
        }

        if (kind == IdentityOperationKind.Merge)
        {
            return await ParseMergeAsync(request, workspace, rules, profiles, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(request.PersonId))
        {
            return new(ProblemResults.Field("personId", "is required: the person to split"));
        }

        var person = new PersonId(request.PersonId);
        var graph = await profiles.GetIdentityGraphAsync(workspace, person, cancellationToken);
        if (graph is null)
        {
            return new(ProblemResults.NotFound($"No person '{request.PersonId}'."));
        }

        var held = graph.Identifiers.Select(i => i.Identifier).ToHashSet();
        var sides = kind == IdentityOperationKind.Separate
            ? new[] { ("from", request.From), ("to", request.To) }
            : [("identifier", request.Identifier)];
        var identifiers = new List<Identifier>();
        foreach (var (field, body) in sides)
        {
            var identifier = body is { Type: { } type, Value: { } value } && IdentityRules.IsValidTypeName(type) ? rules.Create(type, value) : null;
            if (identifier is null)
            {
                return new(ProblemResults.Field(field, "is required: {type, value} of an identifier, e.g. {\"type\": \"phone\", \"value\": \"+8613800000000\"}"));
            }

            if (!held.Contains(identifier.Value))
            {
                return new(ProblemResults.Field(field, $"{identifier} is not an identifier of person '{request.PersonId}'"));
            }

            identifiers.Add(identifier.Value);
        }

        if (identifiers.Count == 2 && identifiers[0] == identifiers[1])
        {
            return new(ProblemResults.Field("to", "must differ from 'from'"));
        }

        return new(null, kind, person, identifiers[0], identifiers.Count == 2 ? identifiers[1] : null);
    }

    /// <summary>A merge names the persons; the operation acts on each one's strongest identifier, which stays put when ids change.</summary>
    private static async Task<Parsed> ParseMergeAsync(
        OperationRequest request, Core.Workspaces.WorkspaceId workspace, IdentityRules rules, IProfileReader profiles, CancellationToken cancellationToken)
    {
        var anchors = new List<Identifier>();
        foreach (var (field, id) in new[] { ("personId", request.PersonId), ("otherPersonId", request.OtherPersonId) })
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                return new(ProblemResults.Field(field, "is required: merge joins personId and otherPersonId"));
            }

            if (await profiles.GetIdentityGraphAsync(workspace, new PersonId(id), cancellationToken) is not { Identifiers.Count: > 0 } graph)
            {
                return new(ProblemResults.NotFound($"No person '{id}'."));
            }

            anchors.Add(rules.Strongest(graph.Identifiers.Select(i => i.Identifier)));
        }

        return request.PersonId == request.OtherPersonId
            ? new(ProblemResults.Field("otherPersonId", "must differ from 'personId'"))
            : new(null, IdentityOperationKind.Merge, new PersonId(request.PersonId!), anchors[0], anchors[1]);
    }

    private static OperationResponse ToResponse(IdentityOperationOutcome outcome)
    {
        var operation = outcome.Operation;
        return new OperationResponse(
            operation.OperationId,
            IdentityOperationCodec.Wire(operation.Kind),
            outcome.Applied ? (outcome.RevertedBy is null ? "applied" : "reverted") : "rejected",
            outcome.Rejection,
            operation.PersonId?.Value,
            Identifier(operation.From),
            Identifier(operation.To),
            operation.Reverts,
            outcome.RevertedBy,
            operation.RequestedBy,
            operation.Reason,
            operation.RequestedAt,
            outcome.Position,
            [.. outcome.Before.Select(Person)],
            [.. outcome.After.Select(Person)]);
    }

    private static IdentifierResponse? Identifier(Identifier? identifier) =>
        identifier is { } id ? new IdentifierResponse(id.Type, id.Value) : null;

    private static PersonResponse Person(PersonOutline person) =>
        new(person.Id.Value, person.EventCount, [.. person.Identifiers.Select(i => new IdentifierResponse(i.Type, i.Value))]);
}
