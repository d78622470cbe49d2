using System.Text.Json;
using System.Text.Unicode;
using Helix.Core.Collect;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Server.Problems;
using Helix.Server.Security;

namespace Helix.Server.Collect;

/// <summary>
/// The Segment-compatible collect endpoints. A request is validated whole, appended to the event log
/// as one atomic frame, and acknowledged only once that frame is on disk. Nothing else happens on the
/// request path.
/// </summary>
public static class CollectApi
{
    public const string CorsPolicy = "collect";

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    public static IEndpointRouteBuilder MapCollectApi(this IEndpointRouteBuilder app)
    {
        // Limited per source below, once the write key names it, instead of by the rate-limiting middleware.
        var group = app.MapGroup("/v1").WithTags("Collect").RequireCors(CorsPolicy).DisableRateLimiting();
        foreach (var type in Enum.GetValues<MessageType>())
        {
            group.MapPost($"/{type.ToWire()}", (HttpContext context, WriteKeyAuthenticator auth, RateLimits limits, CollectWriter writer, TimeProvider time) =>
                    CollectOneAsync(context, type, auth, limits, writer, time))
                .WithSummary($"Records one {type.ToWire()} call (Segment tracking spec)")
                .Produces(StatusCodes.Status200OK)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
        }

        group.MapPost("/batch", CollectBatchAsync)
            .WithSummary("Records a batch of calls; all-or-nothing")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> CollectOneAsync(
        HttpContext context, MessageType type, WriteKeyAuthenticator auth, RateLimits limits, CollectWriter writer, TimeProvider time)
    {
        using var request = await ReadAsync(context, CollectLimits.MaxMessageBytes, auth, limits);
        if (request.Failure is { } failure)
        {
            return failure;
        }

        var document = request.Document!;
        var envelope = CollectEnvelope.For(request.Source!, time.GetUtcNow());
        var parsed = MessageParser.Parse(document.RootElement, "", type, envelope, NewMessageId);
        if (parsed.Message is not { } message)
        {
            return ProblemResults.Invalid("Invalid message", parsed.Errors);
        }

        await writer.WriteAsync([message], CancellationToken.None);
        return Success;
    }

    private static async Task<IResult> CollectBatchAsync(
        HttpContext context, WriteKeyAuthenticator auth, RateLimits limits, CollectWriter writer, TimeProvider time)
    {
        using var request = await ReadAsync(context, CollectLimits.MaxBatchBytes, auth, limits);
        if (request.Failure is { } failure)
        {
            return failure;
        }

        var document = request.Document!;
        var envelope = CollectEnvelope.For(request.Source!, time.GetUtcNow());
        var parsed = BatchParser.Parse(document.RootElement, envelope, NewMessageId);
        if (!parsed.IsValid)
        {
            return parsed.Errors.Count > 0
                ? ProblemResults.Invalid("Invalid batch", parsed.Errors)
                : Rejected(parsed);
        }

        await writer.WriteAsync(parsed.Messages, CancellationToken.None);
        return Success;
    }

    private static IResult Success { get; } = Results.Json(new { success = true });

    private static string NewMessageId() => "helix-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Reads, parses, authenticates and takes a permit from the source's rate limit; the header key is
    /// checked (and the permit taken) before the body is read. Unknown keys count against the client's IP.
    /// </summary>
    private static async Task<CollectRequest> ReadAsync(HttpContext context, int limit, WriteKeyAuthenticator auth, RateLimits limits)
    {
        var headerKey = WriteKeyAuthenticator.FromHeader(context.Request);
        Source? source = null;
        if (headerKey is not null && (source = await auth.FindAsync(headerKey, context.RequestAborted)) is null)
        {
            return CollectRequest.Fail(limits.AcquireUnknownKey(context) ?? ProblemResults.Unauthorized("The write key is not known."));
        }

        if (source is not null && limits.Acquire(source.Id) is { } limited)
        {
            return CollectRequest.Fail(limited);
        }

        RequestBody? body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return CollectRequest.Fail(ProblemResults.Field("body", "is not valid for its Content-Encoding"));
        }

        if (body is null)
        {
            return CollectRequest.Fail(ProblemResults.Field(
                "body", $"exceeds the {limit / 1024} KB limit for this endpoint", StatusCodes.Status413PayloadTooLarge));
        }

        JsonDocument document;
        // System.Text.Json checks UTF-8 only when a string is read; a bad byte must be a 400 here, not a 500 later.
        if (!Utf8.IsValid(body.Memory.Span))
        {
            body.Dispose();
            return CollectRequest.Fail(ProblemResults.Field("body", "is not valid UTF-8"));
        }

        try
        {
            document = JsonDocument.Parse(body.Memory, JsonOptions);
        }
        catch (JsonException e)
        {
            body.Dispose();
            var where = e.BytePositionInLine is { } column ? $" (line {e.LineNumber + 1}, byte {column + 1})" : "";
            return CollectRequest.Fail(ProblemResults.Field("body", $"is not valid JSON{where}"));
        }

        if (source is null)
        {
            source = await auth.FindAsync(WriteKeyAuthenticator.FromBody(document.RootElement), context.RequestAborted);
            if (source is null)
            {
                document.Dispose();
                body.Dispose();
                return CollectRequest.Fail(limits.AcquireUnknownKey(context) ?? ProblemResults.Unauthorized(
                    "A write key is required: as the HTTP basic-auth user name, or as 'writeKey' in the body."));
            }

            if (limits.Acquire(source.Id) is { } throttled)
            {
                document.Dispose();
                body.Dispose();
                return CollectRequest.Fail(throttled);
            }
        }

        return new CollectRequest(source, document, body, null);
    }

    private static IResult Rejected(BatchParseResult parsed)
    {
        var status = parsed.HasOversizedItem ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        var errors = parsed.Rejected.SelectMany(r => r.Errors).ToArray();
        return Results.Problem(
            title: "Batch rejected; nothing was stored",
            detail: $"{parsed.Rejected.Count} of {parsed.Rejected.Count + parsed.Messages.Count} messages are invalid. "
                + string.Join("; ", errors.Take(10).Select(e => $"{e.Field}: {e.Reason}")),
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { field = e.Field, reason = e.Reason }).ToArray(),
                ["rejected"] = parsed.Rejected.Select(r => new
                {
                    index = r.Index,
                    messageId = r.MessageId,
                    errors = r.Errors.Select(e => new { field = e.Field, reason = e.Reason }).ToArray(),
                }).ToArray(),
            });
    }

    /// <summary>
    /// A parsed request. The document reads from the body's pooled buffer (JsonDocument does not copy it),
    /// so the buffer goes back to the pool only when the document is done with: returned earlier, another
    /// request could overwrite this one's bytes while they are still being parsed.
    /// </summary>
    private sealed class CollectRequest(Source? source, JsonDocument? document, RequestBody? body, IResult? failure) : IDisposable
    {
        public Source? Source { get; } = source;

        public JsonDocument? Document { get; } = document;

        public IResult? Failure { get; } = failure;

        public static CollectRequest Fail(IResult failure) => new(null, null, null, failure);

        public void Dispose()
        {
            Document?.Dispose();
            body?.Dispose();
        }
    }
}
