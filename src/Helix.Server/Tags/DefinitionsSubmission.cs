using System.Security.Cryptography;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Identity;

namespace Helix.Server.Tags;

/// <summary>
/// Writes fact records (definitions versions, list imports, model runs) to the log and waits for the
/// pipeline to apply them. Definition changes are read-modify-write on the version in force, so they are
/// serialised: two editors never both build on version 7.
/// </summary>
public sealed class DefinitionsSubmission(CollectWriter writer, EventPipeline pipeline, IProfileFactsStore store, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The definitions in force (version 0 and empty before any).</summary>
    public async Task<ProfileDefinitions> CurrentAsync(WorkspaceId workspace, CancellationToken cancellationToken) =>
        await store.CurrentDefinitionsAsync(workspace, cancellationToken) is { } current
            ? ProfileDefinitions.FromStored(current.Json, current.Version)
            : ProfileDefinitions.Empty;

    /// <summary>
    /// Builds the next version from the one in force with <paramref name="change"/> and applies it. The change
    /// returns the new definitions, or a problem (which aborts, writing nothing).
    /// </summary>
    public async Task<(ProfileDefinitions? Applied, IResult? Problem)> ChangeAsync(
        WorkspaceId workspace, string requestedBy, Func<ProfileDefinitions, (ProfileDefinitions? Next, IResult? Problem)> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await CurrentAsync(workspace, cancellationToken);
            var (next, problem) = change(current);
            if (next is null)
            {
                return (null, problem);
            }

            var version = current.Version + 1;
            var record = new FactRecord(NewId("defs_"), workspace, FactRecordKind.Definitions, requestedBy, time.GetUtcNow())
            {
                Version = version,
                Definitions = next.ToJson(),
            };
            if (!await SubmitAsync(record, cancellationToken))
            {
                return (null, Results.Accepted("/api/v1/profile-definitions", new { recordId = record.Id, version, status = "pending" }));
            }

            return (next with { Version = version }, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <returns>True once applied; false when the pipeline took longer than the timeout (it applies it later).</returns>
    public async Task<bool> SubmitAsync(FactRecord record, CancellationToken cancellationToken)
    {
        var position = await writer.WriteAsync(record, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ApplyTimeout);
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

    public static string RequestedBy(HttpContext context) => OperationSubmission.RequestedBy(context);

    public void Dispose() => _gate.Dispose();
}
