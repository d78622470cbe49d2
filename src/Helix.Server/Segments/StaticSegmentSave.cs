using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// Saves a computed list of persons (a lookalike's top N, a funnel's drop-off) as a static segment: the definition
/// is created or kept, and its members are replaced, so journeys and exports can use the list as it was.
/// </summary>
internal static class StaticSegmentSave
{
    /// <summary>A 409 when <paramref name="name"/> is an existing segment that is not static (a computed list never replaces a condition).</summary>
    public static IResult? Conflict(ProfileDefinitions definitions, string name, string what) =>
        definitions.Segment(name) is { Mode: not SegmentMode.Static }
            ? Results.Problem(title: "Segment exists", detail: $"Segment '{name}' exists and is not static; {what} replaces only a static segment.", statusCode: StatusCodes.Status409Conflict)
            : null;

    /// <summary>Creates or updates the static segment's definition, then replaces its members; a problem when the definition is refused.</summary>
    public static async Task<IResult?> SaveAsync(
        HttpContext context, DefinitionsSubmission submission, ISegmentStore segments, string name, string description,
        IReadOnlyList<PersonId> persons, DateTimeOffset now, string source)
    {
        var workspace = context.User.Workspace();
        var (_, problem) = await submission.ChangeAsync(workspace, OperationSubmission.RequestedBy(context), current =>
        {
            var segment = JsonSerializer.SerializeToElement(new { name, description, mode = "static" });
            var (next, errors) = current.WithSegment(name, segment);
            return next is null ? (null, ProblemResults.Invalid("Invalid segment", errors)) : (next, null);
        }, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        await segments.ReplaceSegmentMembersAsync(workspace, name, persons, now, source, cancellationToken: context.RequestAborted);
        return null;
    }
}
