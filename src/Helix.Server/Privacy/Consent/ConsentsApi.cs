using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;
using Helix.Server.Profiles;
using Helix.Server.Tags;

namespace Helix.Server.Privacy.Consent;

/// <summary>
/// Consents per person, channel and purpose. They arrive as <see cref="ConsentEvent"/> events from any source, or
/// through this API (a form on paper, a call-centre note), or from an unsubscribe link; docs/privacy.md has the rules.
/// </summary>
public static class ConsentsApi
{
    private const int MaxSourceLength = ConsentEvent.MaxSourceLength;

    /// <summary>The identifier types a recorded consent carries, most stable first; any other the person has comes after.</summary>
    private static readonly string[] PreferredTypes = [IdentifierTypes.UserId, "member_id", "phone", "email", IdentifierTypes.AnonymousId];

    public static IEndpointRouteBuilder MapConsentsApi(this IEndpointRouteBuilder app)
    {
        var privacy = app.MapGroup("/api/v1/privacy/consents").WithTags("Privacy").RequirePermission(Permission.PrivacyManage);
        privacy.MapPost("/", RecordAsync)
            .WithSummary("Records consents given or withdrawn: {personId | identifier: {type, value}, consents: [{purpose, channel?, granted}], source?, at?}; returns the person's consents")
            .Produces<PersonConsentsResponse>()
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        privacy.MapPost("/links", LinkAsync)
            .WithSummary("An unsubscribe link for one person and topic: {personId, topic: marketing:email}; opening it withdraws that consent, nothing else")
            .Produces<UnsubscribeLinkResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/profiles/{personId}/consents", GetAsync)
            .WithTags("Profiles")
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("A person's consents now (latest statement per topic; no statement means no consent) and every statement, newest first")
            .Produces<PersonConsentsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record UnsubscribeLinkResponse(string Url, string Path, DateTimeOffset ExpiresAt);

    private static async Task<IResult> GetAsync(string personId, HttpContext context, IProfileReader profiles, IConsentStore consents)
    {
        return await MergedIds.ProfileAsync(context, profiles, personId) is not { } profile
            ? ProblemResults.NotFound($"No person '{personId}'.")
            : Results.Ok(await ReadAsync(context.User.Workspace(), profile.PersonId, consents, context.RequestAborted));
    }

    internal static async Task<PersonConsentsResponse> ReadAsync(Core.Workspaces.WorkspaceId workspace, PersonId person, IConsentStore consents, CancellationToken cancellationToken)
    {
        var statements = await consents.ConsentStatementsAsync(workspace, person, cancellationToken);
        return new PersonConsentsResponse(
            person.Value,
            ConsentResponse.Current(statements),
            [.. statements.OrderByDescending(s => s.At).ThenByDescending(s => s.Position).Select(ConsentResponse.From)]);
    }

    private static async Task<IResult> RecordAsync(
        HttpContext context, ConsentWriter writer, IProfileReader profiles, IIdentityJournal journal, IConsentStore consents, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var workspace = context.User.Workspace();
        var (identifier, person, whoProblem) = await FindSubjectAsync(request, workspace, profiles, journal, context.RequestAborted);
        if (whoProblem is not null)
        {
            return whoProblem;
        }

        if (!request.TryGetProperty("consents", out var list))
        {
            return ProblemResults.Field("consents", "is required: a list of {purpose, channel?, granted}");
        }

        var (items, errors) = ConsentEvent.Parse(list, "consents");
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid("Invalid consents", errors);
        }

        var source = Text(request, "source");
        if (source is { Length: 0 or > MaxSourceLength })
        {
            return ProblemResults.Field("source", $"must be 1 to {MaxSourceLength} characters: where the consent was collected (store-pos, paper-form …)");
        }

        DateTimeOffset? at = null;
        if (request.TryGetProperty("at", out var atElement))
        {
            if (atElement.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(atElement.GetString(), out var parsed) || parsed > time.GetUtcNow())
            {
                return ProblemResults.Field("at", "must be an ISO 8601 time, not in the future: when the person gave or withdrew the consent");
            }

            at = parsed;
        }

        if (!await writer.WriteAsync(workspace, identifier, items, source, at, context.RequestAborted))
        {
            return Results.Accepted(value: new { status = "recorded", detail = "The consent is in the event log and applies shortly." });
        }

        person ??= await profiles.FindByIdentifierAsync(workspace, identifier, context.RequestAborted);
        return person is { } id
            ? Results.Ok(await ReadAsync(workspace, id, consents, context.RequestAborted))
            : Results.Accepted(value: new { status = "recorded" });
    }

    private static async Task<IResult> LinkAsync(HttpContext context, IProfileReader profiles, UnsubscribeLinks links)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        if (Text(request, "personId") is not { Length: > 0 } personId)
        {
            return ProblemResults.Field("personId", "is required: the person the link is for");
        }

        if (!ConsentTopic.TryParse(Text(request, "topic"), out var topic, out var reason))
        {
            return ProblemResults.Field("topic", reason!);
        }

        var workspace = context.User.Workspace();
        var person = new PersonId(personId);
        if (await profiles.GetProfileAsync(workspace, person, context.RequestAborted) is null)
        {
            return ProblemResults.NotFound($"No person '{personId}'.");
        }

        var (path, expires) = links.Create(workspace, person, topic);
        return Results.Ok(new UnsubscribeLinkResponse($"{context.Request.Scheme}://{context.Request.Host}{path}", path, expires));
    }

    /// <summary>The person named by <c>personId</c> or by <c>identifier</c> (which need not be known yet: a consent may come first).</summary>
    private static async Task<(Identifier Identifier, PersonId? Person, IResult? Problem)> FindSubjectAsync(
        JsonElement request, Core.Workspaces.WorkspaceId workspace, IProfileReader profiles, IIdentityJournal journal, CancellationToken cancellationToken)
    {
        var personId = Text(request, "personId");
        var hasIdentifier = request.TryGetProperty("identifier", out var given);
        if ((personId is null) == !hasIdentifier)
        {
            return (default, null, ProblemResults.Field("personId", "or 'identifier' is required, not both: who gave or withdrew the consent"));
        }

        if (personId is not null)
        {
            var profile = await profiles.GetProfileAsync(workspace, new PersonId(personId), cancellationToken);
            return profile is null
                ? (default, null, ProblemResults.NotFound($"No person '{personId}'."))
                : (Carrier(profile), profile.PersonId, null);
        }

        var (type, value) = given.ValueKind == JsonValueKind.Object ? (Text(given, "type"), Text(given, "value")) : (null, null);
        if (type is null || !IdentityRules.IsValidTypeName(type))
        {
            return (default, null, ProblemResults.Field("identifier.type", "must be an identifier type such as user_id, phone, email, member_id"));
        }

        var rules = await WorkspaceRules.GetAsync(journal, workspace, cancellationToken);
        return value is not { Length: > 0 and <= CollectLimits.MaxIdLength } || rules.Create(type, value) is not { } identifier
            ? (default, null, ProblemResults.Field("identifier.value", $"is not a valid {type}, or is blocked from identifying anyone"))
            : (identifier, null, null);
    }

    /// <summary>The identifier a recorded consent event carries to reach the person.</summary>
    internal static Identifier Carrier(ProfileView profile) =>
        profile.Identifiers
            .Select(l => l.Identifier)
            .OrderBy(i => Array.IndexOf(PreferredTypes, i.Type) is var rank and >= 0 ? rank : PreferredTypes.Length)
            .First();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
}
