using Helix.Core.Access;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Problems;
using static Helix.Server.Identity.IdentityOperationsApi;

namespace Helix.Server.Identity;

/// <summary>
/// The quarantine alerts: persons whose merge fan-out passed a cap or the windowed rule, frozen until
/// split. Each comes with the proposed split (<see cref="QuarantineProposal"/>) as a detach operation
/// body ready to POST to <c>/api/v1/identity/operations</c>.
/// </summary>
public static class QuarantineApi
{
    public static IEndpointRouteBuilder MapQuarantineApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/identity/quarantine").WithTags("Identity");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.OperationsRead)
            .WithSummary("Quarantined persons, newest first, each with the proposed split as a ready detach operation; pass 'next' back as ?cursor= for the following page")
            .Produces<QuarantineListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>The body of a detach operation, as <c>POST /api/v1/identity/operations</c> takes it.</summary>
    public sealed record DetachRequest(string Kind, string PersonId, IdentifierResponse Identifier, string Reason);

    /// <param name="PersonsAfter">The persons the detach should leave, read from the identity graph.</param>
    public sealed record ProposalResponse(IdentifierResponse Identifier, int PersonsAfter, DetachRequest Detach);

    /// <param name="Proposal">Null when no single identifier splits the person: separate two identifiers instead.</param>
    public sealed record QuarantinedResponse(
        string PersonId, string Reason, DateTimeOffset At, long Position, int IdentifierCount, int MergeCount, ProposalResponse? Proposal);

    public sealed record QuarantineListResponse(IReadOnlyList<QuarantinedResponse> Persons, string? Next);

    private static async Task<IResult> ListAsync(int? limit, string? cursor, HttpContext context, IProfileReader profiles, IIdentityJournal journal)
    {
        if (Paging.Read<QuarantineCursor>(limit, cursor, QuarantineCursor.TryParse, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        var workspace = context.User.Workspace();
        var rules = await WorkspaceRules.GetAsync(journal, workspace, context.RequestAborted);
        var page = await profiles.ListQuarantinedAsync(workspace, after, pageSize, context.RequestAborted);
        return Results.Ok(new QuarantineListResponse(
            [.. page.Persons.Select(p => ToResponse(p, QuarantineProposal.For(p.Graph, rules)))],
            page.Next?.ToString()));
    }

    private static QuarantinedResponse ToResponse(QuarantinedPerson person, QuarantineProposal? proposal)
    {
        var id = person.Graph.PersonId.Value;
        var quarantine = person.Quarantine;
        var split = proposal is { Hub: var hub }
            ? new ProposalResponse(
                new IdentifierResponse(hub.Type, hub.Value),
                proposal.PersonsAfter,
                new DetachRequest("detach", id, new IdentifierResponse(hub.Type, hub.Value), $"quarantine: {quarantine.Reason}"))
            : null;
        return new QuarantinedResponse(id, quarantine.Reason, quarantine.At, quarantine.Position, person.Graph.Identifiers.Count, person.MergeCount, split);
    }
}
