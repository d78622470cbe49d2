using System.Globalization;
using Helix.Core.Access;
using Helix.Core.Audit;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Audit;

/// <summary>
/// The audit log of the key's workspace, for admins (<see cref="Permission.AuditRead"/>): a filtered page newest
/// first, and a walk of the hash chain that says whether any entry was changed, removed or reordered. docs/audit.md
/// says what is recorded and what the chain does and does not prove.
/// </summary>
public static class AuditApi
{
    public const int MaxFilterLength = 256;
    private const int VerifyPageSize = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequirePermission(Permission.AuditRead);
        group.MapGet("/", ListAsync)
            .WithSummary("Audit entries newest first; ?from=&to= (ISO 8601), ?actor= (key id or name), ?action= (prefix, e.g. PUT or GET /api/v1/profiles), ?target=, ?limit=, ?cursor=")
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/verify", VerifyAsync)
            .WithSummary("Walks the workspace's hash chain: ok, or the first broken sequence and why")
            .Produces<AuditVerification>();
        return app;
    }

    public sealed record AuditEntryResponse(
        long Sequence, DateTimeOffset At, string ActorKeyId, string ActorName, string ActorRole, string Action, string? Target,
        int Outcome, string? ClientAddress, string? UserAgent, string? RequestId, string PreviousHash, string Hash);

    public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Entries, string? NextCursor);

    private static async Task<IResult> ListAsync(
        string? from, string? to, string? actor, string? action, string? target, int? limit, string? cursor, HttpContext context, IAuditStore store)
    {
        if (Paging.Read<long>(limit, cursor, TryParseCursor, out var size, out var before) is { } paging)
        {
            return paging;
        }

        if (Time("from", from, out var since) is { } badFrom)
        {
            return badFrom;
        }

        if (Time("to", to, out var until) is { } badTo)
        {
            return badTo;
        }

        if (since is not null && until is not null && until <= since)
        {
            return ProblemResults.Field("to", "must be after from");
        }

        foreach (var (name, value) in new[] { ("actor", actor), ("action", action), ("target", target) })
        {
            if (value is { Length: 0 or > MaxFilterLength })
            {
                return ProblemResults.Field(name, $"is 1 to {MaxFilterLength} characters");
            }
        }

        var query = new AuditQuery(context.User.Workspace(), since, until, actor, action, target, before);
        var entries = await store.QueryAuditAsync(query, size, context.RequestAborted);
        var next = entries.Count == size ? entries[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new AuditPage(entries.Select(ToResponse).ToArray(), next));
    }

    /// <summary>
    /// Reads the head first and walks the entries up to it, so entries appended during the walk are not mistaken
    /// for a break; a head and its entries are committed together.
    /// </summary>
    private static async Task<IResult> VerifyAsync(HttpContext context, IAuditStore store, AuditChain chain)
    {
        var workspace = context.User.Workspace();
        var head = await store.GetAuditHeadAsync(workspace, context.RequestAborted);
        var verifier = new AuditChainVerifier(chain, workspace);
        var end = head?.Sequence ?? 0;
        for (long after = 0; after < end && !verifier.IsBroken;)
        {
            var page = await store.ReadAuditChainAsync(workspace, after, VerifyPageSize, context.RequestAborted);
            foreach (var entry in page.TakeWhile(e => e.Sequence <= end))
            {
                if (!verifier.Apply(entry))
                {
                    break;
                }
            }

            if (page.Count < VerifyPageSize)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        return Results.Ok(verifier.Complete(head));
    }

    private static AuditEntryResponse ToResponse(AuditEntry e) => new(
        e.Sequence, e.Record.At, e.Record.Actor.KeyId, e.Record.Actor.Name, e.Record.Actor.Role, e.Record.Action, e.Record.Target,
        e.Record.Outcome, e.Record.ClientAddress, e.Record.UserAgent, e.Record.RequestId, e.PreviousHash, e.Hash);

    private static bool TryParseCursor(string? text, out long sequence) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;

    private static IResult? Time(string field, string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return ProblemResults.Field(field, "is not an ISO 8601 time (2026-03-01T09:00:00Z)");
        }

        time = parsed;
        return null;
    }
}
