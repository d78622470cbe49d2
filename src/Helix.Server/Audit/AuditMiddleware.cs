namespace Helix.Server.Audit;

/// <summary>
/// Records each audited request (<see cref="AuditedRoutes"/>) when its response starts, with the status it starts
/// with: so denials (403), misses (404) and failures (500) are recorded too, and the entry is queued before the
/// client sees the response. Runs after authentication (to know the key) and before authorization.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditRecorder recorder)
{
    public Task InvokeAsync(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (AuditedRoutes.ActionOf(context.Request.Method, pattern, context.Request.Path.Value ?? "/") is { } action)
        {
            context.Response.OnStarting(() => recorder.RecordAsync(context, action).AsTask());
        }

        return next(context);
    }
}
