using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// Imported list tags: a list of identifiers of any type (phones from an offline event, member ids from the
/// CRM). A person has the tag while any of their identifiers is on the list, including identifiers they
/// gain later.
/// </summary>
public static class TagMembersApi
{
    /// <summary>Identifiers in one import; larger lists go in several calls.</summary>
    public const int MaxIdentifiers = 100_000;

    public static IEndpointRouteBuilder MapTagMembersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tags/{name}/members", ImportAsync).WithTags("Tags").RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Adds identifiers to a list tag: {identifierType, values[], replace}; values are normalised as on ingestion; one invalid value refuses the whole import")
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record ImportRequest(string? IdentifierType, IReadOnlyList<string?>? Values, bool Replace = false);

    public sealed record ImportResponse(string ImportId, string Tag, int Accepted, bool Applied);

    private static async Task<IResult> ImportAsync(
        string name, ImportRequest request, HttpContext context, DefinitionsSubmission submission, IIdentityJournal journal, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        if (definitions.Tag(name) is not { } tag)
        {
            return ProblemResults.NotFound($"No tag '{name}'.");
        }

        if (tag.Kind != TagKind.List)
        {
            return ProblemResults.Field("name", $"tag '{name}' is a {WireNames.Of(tag.Kind)} tag; only list tags take imported members");
        }

        if (string.IsNullOrWhiteSpace(request.IdentifierType) || !IdentityRules.IsValidTypeName(request.IdentifierType))
        {
            return ProblemResults.Field("identifierType", "must be an identifier type such as phone, email, member_id, user_id");
        }

        if (request.Values is not { Count: > 0 and <= MaxIdentifiers } values)
        {
            return ProblemResults.Field("values", $"must hold 1 to {MaxIdentifiers} identifier values");
        }

        var rules = await WorkspaceRules.GetAsync(journal, workspace, context.RequestAborted);
        var identifiers = new List<Identifier>(values.Count);
        var rejected = new List<FieldError>();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { Length: > 0 and <= CollectLimits.MaxIdLength } value && rules.Create(request.IdentifierType, value) is { } identifier)
            {
                identifiers.Add(identifier);
            }
            else
            {
                rejected.Add(new FieldError($"values[{i}]", $"is not a valid {request.IdentifierType}"));
            }
        }

        if (rejected.Count > 0)
        {
            // All or nothing, like a collect batch: the caller fixes the list and sends it again.
            return ProblemResults.Invalid("Invalid list members", rejected);
        }

        var record = new FactRecord(OperationSubmission.NewId("list_"), workspace, FactRecordKind.TagList, OperationSubmission.RequestedBy(context), time.GetUtcNow())
        {
            Tag = name,
            Identifiers = [.. identifiers.Distinct()],
            Replace = request.Replace,
        };
        var applied = await submission.SubmitAsync(record, context.RequestAborted);
        return Results.Ok(new ImportResponse(record.Id, name, record.Identifiers.Count, applied));
    }
}
