using System.Net;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;

namespace Helix.Server.Privacy.Consent;

/// <summary>
/// The one public page besides collection: the link in a message's footer. Opening it (GET) shows what it withdraws
/// and a button; confirming (POST, also RFC 8058's one-click <c>List-Unsubscribe-Post</c> from a mail client) records
/// the withdrawal as a consent event from source <c>unsubscribe-link</c>. The signed token is the only credential
/// and withdraws one topic of one person, nothing else. Prefetching scanners only GET, so they change nothing.
/// </summary>
public static class UnsubscribeApi
{
    public const string Source = "unsubscribe-link";

    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(UnsubscribeLinks.PathPrefix.TrimEnd('/')).WithTags("Consent").AllowAnonymous();
        group.MapGet("/{token}", ShowAsync)
            .WithSummary("The unsubscribe page of a signed link: what it withdraws and a button to confirm")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{token}", ConfirmAsync)
            .WithSummary("Withdraws the link's consent (the page's button, or a mail client's one-click unsubscribe)")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, UnsubscribeLinks links, IProfileReader profiles, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, links, profiles, cancellationToken) is not var (claims, _))
        {
            return Invalid();
        }

        var what = WebUtility.HtmlEncode(Describe(claims.Topic));
        return Page(StatusCodes.Status200OK, "Unsubscribe",
            $"<p>Stop receiving {what}?</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    private static async Task<IResult> ConfirmAsync(
        string token, UnsubscribeLinks links, IProfileReader profiles, ConsentWriter writer, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, links, profiles, cancellationToken) is not var (claims, profile))
        {
            return Invalid();
        }

        await writer.WriteAsync(claims.Workspace, ConsentsApi.Carrier(profile), [new ConsentEvent.Item(claims.Topic, Granted: false)], Source, at: null, cancellationToken);
        return Page(StatusCodes.Status200OK, "Unsubscribed",
            $"<p>You will no longer receive {WebUtility.HtmlEncode(Describe(claims.Topic))}.</p>");
    }

    /// <summary>The token's claims and the person's profile — the survivor's when the person was merged since; null for a bad or expired token, or an erased person.</summary>
    private static async Task<(UnsubscribeToken Claims, ProfileView Profile)?> FindAsync(
        string token, UnsubscribeLinks links, IProfileReader profiles, CancellationToken cancellationToken) =>
        links.Verify(token) is { } claims && await profiles.GetProfileOrSurvivorAsync(claims.Workspace, claims.Person, cancellationToken) is { } profile
            ? (claims, profile)
            : null;

    private static string Describe(ConsentTopic topic) => topic.Channel is { } channel
        ? $"{topic.Purpose} messages by {channel}"
        : $"anything for the purpose of {topic.Purpose}";

    // The same answer for a forged, expired or spent link: a problem that tells nothing about who or what.
    private static IResult Invalid() =>
        Results.Problem(title: "Not found", detail: "This unsubscribe link is not valid or has expired.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Page(int status, string title, string body) =>
        Results.Content(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>",
            "text/html; charset=utf-8", statusCode: status);
}
