using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// Computed traits one at a time (orders_90d, spend_total, favourite_category…). A new or changed trait is
/// built once from the stored history, then updated on each event; a trait that tags read cannot be
/// deleted from under them.
/// </summary>
public static class ComputedTraitsApi
{
    public static IEndpointRouteBuilder MapComputedTraitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/computed-traits").WithTags("Tags");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Every computed trait's definition and the tags that read it")
            .Produces<IReadOnlyList<ComputedTraitResponse>>();
        group.MapPut("/{name}", PutAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Creates or changes a computed trait: {function, event, where, of, window}; built from history at once")
            .Produces<ComputedTraitResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{name}", DeleteAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Deletes a computed trait; 409 while tags read it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record ComputedTraitResponse(string Name, IReadOnlyList<string> UsedBy, int DefinitionsVersion, JsonElement Definition);

    private static async Task<IResult> ListAsync(HttpContext context, DefinitionsSubmission submission)
    {
        var definitions = await submission.CurrentAsync(context.User.Workspace(), context.RequestAborted);
        return Results.Ok(definitions.ComputedTraits.Select(t => ToResponse(definitions, t)).ToArray());
    }

    private static async Task<IResult> PutAsync(string name, HttpContext context, DefinitionsSubmission submission)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } definition)
        {
            return bodyProblem!;
        }

        var (applied, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            var (next, errors) = current.WithComputedTrait(name, TagsApi.WithName(definition, name));
            return next is null ? (null, ProblemResults.Invalid("Invalid computed trait", errors)) : (next, null);
        }, context.RequestAborted);
        return problem ?? Results.Ok(ToResponse(applied!, applied!.ComputedTrait(name)!));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, DefinitionsSubmission submission)
    {
        var (_, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            if (current.ComputedTrait(name) is null)
            {
                return (null, ProblemResults.NotFound($"No computed trait '{name}'."));
            }

            if (UsedBy(current, name) is { Count: > 0 } users)
            {
                return (null, Results.Problem(title: "Computed trait in use", detail: $"Computed trait '{name}' is read by {string.Join(", ", users)}.", statusCode: StatusCodes.Status409Conflict));
            }

            var (next, errors) = current.WithComputedTrait(name, null);
            return next is null ? (null, ProblemResults.Invalid("Invalid definitions", errors)) : (next, null);
        }, context.RequestAborted);
        return problem ?? Results.NoContent();
    }

    private static List<string> UsedBy(ProfileDefinitions definitions, string name) =>
        [
            .. definitions.Catalog.Tags.Where(t => TagSpec.DependenciesOf(t).Computed.Contains(name)).Select(t => t.Name).Order(StringComparer.Ordinal),
            .. definitions.SegmentsReading(c => c is FactCondition { Fact.Source: FactSource.Computed } f && f.Fact.Name == name).Select(s => $"segment {s}"),
        ];

    private static ComputedTraitResponse ToResponse(ProfileDefinitions definitions, ComputedTraitDefinition trait)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ComputedTraitSpec.Write(writer, trait);
        }

        return new(trait.Name, UsedBy(definitions, trait.Name), definitions.Version, JsonElement.Parse(buffer.WrittenSpan));
    }
}
