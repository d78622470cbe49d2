using System.Security.Claims;
using System.Security.Cryptography;
using Helix.Core.Identity.Operations;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;

namespace Helix.Server.Identity;

/// <summary>Writes an identity operation to the log and waits for the pipeline to apply it: the shared path of unmerge and rules changes.</summary>
internal static class OperationSubmission
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A new operation id with its kind's prefix (<c>iop_…</c>, <c>rules_…</c>).</summary>
    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The caller's API key id, recorded as who asked.</summary>
    public static string RequestedBy(HttpContext context) => context.User.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) ?? "unknown";

    /// <summary>Waits until the log record at <paramref name="position"/> is applied.</summary>
    /// <returns>False when the pipeline took longer than <paramref name="timeout"/>: the record stays in the log and is applied later.</returns>
    public static async Task<bool> WaitForApplyAsync(EventPipeline pipeline, long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await pipeline.WaitForCheckpointAsync(position + 1, deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <returns>Null once applied (read the journal); a 202 pointing at the journal entry when the pipeline takes longer than 30 s.</returns>
    public static async Task<IResult?> SubmitAsync(IdentityOperation operation, HttpContext context, CollectWriter writer, EventPipeline pipeline)
    {
        var position = await writer.WriteAsync(operation, context.RequestAborted);
        return await WaitForApplyAsync(pipeline, position, ApplyTimeout, context.RequestAborted)
            ? null
            : Results.Accepted($"/api/v1/identity/operations/{operation.OperationId}", new { operationId = operation.OperationId, status = "pending" });
    }
}
