using Helix.Core;
using Helix.Core.Journeys;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Journeys: each version of a definition kept, and the journey's status and current version beside it.</summary>
public sealed partial class DuckDbStore : IJourneyStore
{
    private const string SummaryColumns = "name, status, version, updated_at";

    public Task<IReadOnlyList<JourneySummary>> ListJourneysAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JourneySummary>>(connection =>
            ReadRows(connection, $"SELECT {SummaryColumns} FROM journeys WHERE workspace_id = $ws ORDER BY name", Summary, ("ws", workspace.Value)),
            cancellationToken);

    public Task<JourneySummary?> GetJourneyAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, $"SELECT {SummaryColumns} FROM journeys WHERE workspace_id = $ws AND name = $name", Summary, ("ws", workspace.Value), ("name", name))
                .SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<JourneyVersion>> JourneyVersionsAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JourneyVersion>>(connection =>
            ReadRows(connection, "SELECT version, definition, saved_at, saved_by FROM journey_versions WHERE workspace_id = $ws AND name = $name ORDER BY version DESC",
                r => new JourneyVersion(r.GetInt32(0), r.GetString(1), Utc(r.GetValue(2)), r.GetString(3)), ("ws", workspace.Value), ("name", name)),
            cancellationToken);

    public Task<int> SaveJourneyAsync(WorkspaceId workspace, string name, string definition, string savedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            (string, object?)[] key = [("ws", workspace.Value), ("name", name)];
            using var current = Command(connection, "SELECT coalesce(max(version), 0) FROM journey_versions WHERE workspace_id = $ws AND name = $name", key);
            var version = Convert.ToInt32(current.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + 1;
            Execute(connection, "INSERT INTO journey_versions VALUES ($ws, $name, $version, $definition, $at, $by)",
                [.. key, ("version", version), ("definition", definition), ("at", ToDb(at)), ("by", savedBy)]);
            Execute(connection, """
                INSERT INTO journeys VALUES ($ws, $name, $status, $version, $at)
                ON CONFLICT (workspace_id, name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
                """, [.. key, ("status", WireNames.Of(JourneyStatus.Draft)), ("version", version), ("at", ToDb(at))]);
            transaction.Commit();
            return version;
        }, cancellationToken);

    public Task SetJourneyStatusAsync(WorkspaceId workspace, string name, JourneyStatus status, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            (string, object?)[] key = [("ws", workspace.Value), ("name", name), ("at", ToDb(at))];
            Execute(connection, "UPDATE journeys SET status = $status, updated_at = $at WHERE workspace_id = $ws AND name = $name", [.. key, ("status", WireNames.Of(status))]);
            if (status == JourneyStatus.Archived)
            {
                // Archiving ends the journey for everyone inside, and nothing it had not yet sent goes out.
                Execute(connection, """
                    UPDATE journey_entries SET ended_at = $at, end_step = m.step, end_reason = 'archived' FROM journey_members m
                    WHERE journey_entries.workspace_id = $ws AND journey_entries.journey = $name AND m.workspace_id = $ws AND m.journey = $name
                      AND m.person_id = journey_entries.person_id AND m.entry = journey_entries.entry;
                    DELETE FROM journey_members WHERE workspace_id = $ws AND journey = $name;
                    UPDATE journey_outbox SET status = 'suppressed', last_error = 'journey archived', updated_at = $at
                    WHERE workspace_id = $ws AND journey = $name AND status = 'pending';
                    """, key);
            }

            transaction.Commit();
            return 0;
        }, cancellationToken);

    private static JourneySummary Summary(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), WireNames.TryParse(reader.GetString(1), out JourneyStatus status) ? status : JourneyStatus.Draft, reader.GetInt32(2), Utc(reader.GetValue(3)));
}
