using Helix.Core.Collect;

namespace Helix.Server.Problems;

/// <summary>RFC 7807 problem details that name the offending fields.</summary>
internal static class ProblemResults
{
    public static IResult Invalid(string title, IReadOnlyList<FieldError> errors, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(
            title: title,
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, reason = e.Reason }).ToArray() });

    public static IResult Field(string field, string reason, int status = StatusCodes.Status400BadRequest) =>
        Invalid(status == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Invalid request", [new FieldError(field, reason)], status);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);
}
