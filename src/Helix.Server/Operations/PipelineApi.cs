using Helix.Core.Access;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;

namespace Helix.Server.Operations;

/// <summary>Operator endpoints of the ingestion pipeline.</summary>
public static class PipelineApi
{
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/pipeline").WithTags("Operations");
        group.MapPost("/flush", FlushAsync)
            .RequirePermission(Permission.OperationsRead)
            .WithSummary("Waits until every event acknowledged before the call is applied to profiles and the store")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public sealed record FlushResponse(bool CaughtUp);

    // Deliberately reports no counts: the log is shared by all workspaces, and a key of one workspace
    // must not learn anything about another.
    private static async Task<IResult> FlushAsync(int? timeoutSeconds, EventLog.EventLog log, EventPipeline pipeline, TimeProvider time, HttpContext context)
    {
        var timeout = TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds ?? 30, 1, 300));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            await pipeline.WaitForCheckpointAsync(log.End.Value, deadline.Token);
            return Results.Ok(new FlushResponse(true));
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(title: "Pipeline lagging", detail: $"Not caught up within {timeout.TotalSeconds:0} s.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
