using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Identity.Operations;
using Helix.Core.Privacy.SubjectAccess;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Profiles;

namespace Helix.Server.Privacy;

/// <summary>
/// Data subjects' access requests: everything Helix holds about a person as one JSON document — the profile as the
/// API shows it, unmasked, and every stored row of theirs, from the same tables an erasure deletes from.
/// </summary>
public static class SubjectAccessApi
{
    public static IEndpointRouteBuilder MapSubjectAccessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/privacy/subject-access").WithTags("Privacy").RequirePermission(Permission.PrivacyManage);
        group.MapGet("/{personId}", ByPersonAsync)
            .WithSummary("Everything Helix holds about a person, as a JSON download: the profile and every stored row of theirs per table; a merged id answers for the survivor (Helix-Merged-From header, profile.mergedFrom)")
            .Produces<SubjectAccessExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ByIdentifierAsync)
            .WithSummary("The same, finding the person by an identifier the data subject gave (?type=phone&value=…)")
            .Produces<SubjectAccessExport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="Stores">Rows per table, as stored; the event log holds the same events as the <c>events</c> table.</param>
    public sealed record SubjectAccessExport(
        string PersonId, string WorkspaceId, DateTimeOffset GeneratedAt, ProfilesApi.ProfileResponse Profile,
        IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Stores);

    private static async Task<IResult> ByPersonAsync(
        string personId, HttpContext context, IProfileReader profiles, ProfileFacts facts, ISubjectAccessSource source, TimeProvider time)
    {
        var profile = await MergedIds.ProfileAsync(context, profiles, personId);
        return profile is null
            ? ProblemResults.NotFound($"No person '{personId}'.")
            : await ExportAsync(profile, context, facts, source, time, MergedIds.MergedFrom(profile, personId));
    }

    private static async Task<IResult> ByIdentifierAsync(
        string? type, string? value, HttpContext context, IProfileReader profiles, IIdentityJournal journal, ProfileFacts facts, ISubjectAccessSource source, TimeProvider time)
    {
        var (profile, problem) = await ProfileLookup.FindAsync(type, value, "value", context.User.Workspace(), profiles, journal, context.RequestAborted);
        return problem
            ?? (profile is null
                ? ProblemResults.NotFound($"No person has {type} '{value}'.")
                : await ExportAsync(profile, context, facts, source, time));
    }

    private static async Task<IResult> ExportAsync(
        ProfileView profile, HttpContext context, ProfileFacts facts, ISubjectAccessSource source, TimeProvider time, string? mergedFrom = null)
    {
        var workspace = context.User.Workspace();
        var now = time.GetUtcNow();
        var response = await facts.AddToAsync(
            ProfilesApi.ToResponse(profile, ProfilesApi.Today(time)) with { MergedFrom = mergedFrom }, workspace, profile.PersonId, context.RequestAborted);
        var rows = await source.PersonRowsAsync(workspace, profile.PersonId, context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"subject-access-{profile.PersonId.Value}.json\"";
        return Results.Ok(new SubjectAccessExport(profile.PersonId.Value, workspace.Value, now, response, rows));
    }
}
