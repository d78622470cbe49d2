using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<WorkspaceId, ProfileDefinitions> _parsed = new();

    /// <summary>The definitions in force (version 0 and empty before any); each version is parsed once, not on every profile read.</summary>
    public async Task<ProfileDefinitions> CurrentAsync(WorkspaceId workspace, CancellationToken cancellationToken)
    {
        if (await store.CurrentDefinitionsAsync(workspace, cancellationToken) is not { } current)
        {
            return ProfileDefinitions.Empty;
        }

        if (_parsed.TryGetValue(workspace, out var cached) && cached.Version == current.Version)
        {
            return cached;
        }

        var parsed = ProfileDefinitions.FromStored(current.Json, current.Version);
        _parsed[workspace] = parsed;
        return parsed;
    }

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
            var record = new FactRecord(OperationSubmission.NewId("defs_"), workspace, FactRecordKind.Definitions, requestedBy, time.GetUtcNow())
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
        return await OperationSubmission.WaitForApplyAsync(pipeline, position, ApplyTimeout, cancellationToken);
    }

    public void Dispose() => _gate.Dispose();
}
