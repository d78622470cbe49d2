using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Helix.Server.Security;

/// <summary>
/// Applied to every problem details response the framework writes. A failure from an exception shows no
/// exception text, type or stack in any environment (the log has them); a 413 names the byte limit.
/// </summary>
internal static class SafeProblems
{
    /// <summary>The status of a request that failed with an exception: a request Kestrel refused to read (body too large, malformed) keeps its 4xx.</summary>
    public static int StatusCode(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (context.Exception is BadHttpRequestException)
        {
            problem.Detail = null;
            problem.Extensions.Remove("exception");
        }
        else if (context.Exception is not null || problem.Extensions.ContainsKey("exception"))
        {
            problem.Title = "An unexpected error occurred";
            problem.Detail = "The server could not complete the request; the error is logged under the trace id.";
            problem.Extensions.Remove("exception");
            problem.Extensions.Remove("errors");
        }

        if (problem.Status == StatusCodes.Status413PayloadTooLarge && problem.Detail is null
            && context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit)
        {
            problem.Detail = string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the limit of {limit} bytes.");
            problem.Extensions["limitBytes"] = limit;
        }
    }
}
