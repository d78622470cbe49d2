using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Audiences.Lookalike;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// Lookalikes: from a seed segment, a model of what its members share (tags, traits, computed traits,
/// behaviour, minus what the seed's own condition reads) scores everyone else; the top N come back with the model's
/// holdout AUC, and can be saved as a static segment for journeys and exports.
/// </summary>
public static class LookalikeApi
{
    public const int MaxSize = 1_000_000;
    private const int ReturnedTop = 100;

    public static IEndpointRouteBuilder MapLookalikeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/segments/{name}/lookalike", LookalikeAsync).WithTags("Segments").RequirePermission(Permission.SegmentsWrite)
            .WithSummary("Finds the N persons outside a seed segment most like its members: {size, save?: static segment name, randomSeed?}")
            .Produces<LookalikeResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record LookalikeResponse(
        string Seed, int SeedPersons, int Candidates, int Size, double HoldoutAuc, int TrainRows, int HoldoutRows, string? Saved,
        IReadOnlyList<ScoredItem> Top, IReadOnlyList<FeatureItem> TopFeatures);

    public sealed record ScoredItem(string PersonId, double Score);

    public sealed record FeatureItem(string Feature, double Weight);

    private static async Task<IResult> LookalikeAsync(
        string name, HttpContext context, DefinitionsSubmission submission, ISegmentStore segments, ILookalikeSource source, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        if (Read(request) is ({ } problem, _, _, _))
        {
            return problem;
        }

        var (_, size, save, randomSeed) = Read(request);
        var workspace = context.User.Workspace();
        var (definitions, seedSegment, missing) = await SegmentsApi.FindAsync(submission, context, name);
        if (seedSegment is null)
        {
            return missing!;
        }

        if (save is not null && StaticSegmentSave.Conflict(definitions, save, "a lookalike") is { } conflict)
        {
            return conflict;
        }

        var now = time.GetUtcNow();
        var seed = (await segments.SegmentMembersAsync(workspace, name, int.MaxValue, null, context.RequestAborted)).Select(m => m.Person.Value).ToList();
        var persons = await source.LookalikePersonsAsync(workspace, context.RequestAborted);
        var read = LookalikeInputs.ReadBy(seedSegment);
        var rows = persons.Select(p => LookalikeInputs.Without(Row(p, definitions, now), read)).ToList();
        var (result, errors) = await Task.Run(() => LookalikeAudience.Find(rows, seed, size, new LookalikeOptions(RandomSeed: randomSeed)), context.RequestAborted);
        if (result is null)
        {
            return ProblemResults.Invalid("No lookalike", [.. errors.Select(e => e.Field == "seed" ? e with { Field = "name" } : e)]);
        }

        if (save is not null)
        {
            var description = $"Lookalike of {name}: top {size} of {result.Candidates}, holdout AUC {result.HoldoutAuc:0.000}";
            if (await StaticSegmentSave.SaveAsync(
                context, submission, segments, save, description, [.. result.Top.Select(t => new PersonId(t.PersonId))], now, $"lookalike of {name}") is { } saveProblem)
            {
                return saveProblem;
            }
        }

        return Results.Ok(new LookalikeResponse(
            name, result.SeedPersons, result.Candidates, result.Top.Count, result.HoldoutAuc, result.TrainRows, result.HoldoutRows, save,
            [.. result.Top.Take(ReturnedTop).Select(t => new ScoredItem(t.PersonId, t.Score))],
            [.. result.TopFeatures.Select(f => new FeatureItem(f.Feature.Name, f.Weight))]));
    }

    private static LookalikeRow Row(LookalikePerson person, ProfileDefinitions definitions, DateTimeOffset now) =>
        LookalikeInputs.Row(
            person.Person.Value, person.Traits, person.EventCount, person.FirstSeen, person.LastSeen,
            definitions.ComputedValues(person.Facts, now),
            person.Facts?.Tags.ToDictionary(t => t.Key, t => t.Value.Value, StringComparer.Ordinal) ?? new Dictionary<string, string?>(),
            now);

    private static (IResult? Problem, int Size, string? Save, int RandomSeed) Read(JsonElement request)
    {
        if (request.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("size" or "save" or "randomSeed")) is { } unknown)
        {
            return (ProblemResults.Field(unknown, "is not a field of a lookalike request: size, save, randomSeed"), 0, null, 0);
        }

        if (!request.TryGetProperty("size", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var size) || size is < 1 or > MaxSize)
        {
            return (ProblemResults.Field("size", $"is required: how many persons to return, 1 to {MaxSize}"), 0, null, 0);
        }

        string? save = null;
        if (request.TryGetProperty("save", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            save = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (save is null || !Core.Tags.TagSpec.IsValidName(save))
            {
                return (ProblemResults.Field("save", "is the name of a static segment to save the result as: lower-case snake case, at most 64 characters"), 0, null, 0);
            }
        }

        var randomSeed = 0;
        if (request.TryGetProperty("randomSeed", out var r) && !(r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out randomSeed)))
        {
            return (ProblemResults.Field("randomSeed", "is a whole number"), 0, null, 0);
        }

        return (null, size, save, randomSeed);
    }
}
