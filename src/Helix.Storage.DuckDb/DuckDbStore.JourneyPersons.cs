using DuckDB.NET.Data;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>
/// The persons of a dispatch batch, read in one snapshot with one query per kind of fact: persons has no index on its
/// key, so each single-person read scanned it; a join with the batch scans it once for all of them.
/// </summary>
public sealed partial class DuckDbStore : IJourneyRecipients
{
    public Task<IReadOnlyDictionary<(WorkspaceId Workspace, PersonId Person), JourneyRecipient>> RecipientsAsync(
        IReadOnlyCollection<(WorkspaceId Workspace, PersonId Person)> persons, bool consents, bool sent, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<(WorkspaceId, PersonId), JourneyRecipient>>(connection =>
        {
            using var transaction = connection.BeginTransaction();
            StageRecipients(connection, persons);
            var profiles = RecipientProfiles(connection);
            var statements = consents ? RecipientConsents(connection) : [];
            var counts = sent ? RecipientSends(connection, now) : [];
            return persons.Distinct().ToDictionary(p => p, p => profiles.TryGetValue(p, out var profile)
                ? new JourneyRecipient(profile, statements.GetValueOrDefault((p.Workspace, profile.Person)) ?? [], counts.GetValueOrDefault(p) ?? [])
                : JourneyRecipient.Gone);
        }, cancellationToken);

    /// <summary>
    /// The batch as <c>journey_recipients</c>: each person with the person whose profile answers for them — themselves, or
    /// when their own profile is gone, their merge survivor if that one still exists (as <see cref="SurvivorOfAsync"/>).
    /// </summary>
    private static void StageRecipients(DuckDBConnection connection, IReadOnlyCollection<(WorkspaceId Workspace, PersonId Person)> persons)
    {
        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS journey_recipients (workspace_id VARCHAR, person_id VARCHAR, target VARCHAR); DELETE FROM journey_recipients");
        using (var appender = connection.CreateAppender("temp", "main", "journey_recipients"))
        {
            foreach (var (workspace, person) in persons.Distinct())
            {
                appender.CreateRow().AppendValue(workspace.Value).AppendValue(person.Value).AppendValue(person.Value).EndRow();
            }
        }

        Execute(connection, """
            UPDATE journey_recipients r SET target = m.survivor FROM person_merges m
            WHERE m.workspace_id = r.workspace_id AND m.person_id = r.person_id
              AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.workspace_id = r.workspace_id AND p.person_id = r.person_id)
              AND EXISTS (SELECT 1 FROM persons p WHERE p.workspace_id = r.workspace_id AND p.person_id = m.survivor)
            """);
    }

    /// <summary>Traits and identifiers (in the order a profile lists them) of each staged person's target, keyed by the staged person.</summary>
    private Dictionary<(WorkspaceId, PersonId), DeliveryProfile> RecipientProfiles(DuckDBConnection connection)
    {
        var identifiers = ReadRows(connection, """
            SELECT i.workspace_id, i.person_id, i.type, coalesce(i.sealed, i.value) FROM identities i
            WHERE EXISTS (SELECT 1 FROM journey_recipients r WHERE r.workspace_id = i.workspace_id AND r.target = i.person_id)
            ORDER BY i.position, i.first_seen, i.type, i.value
            """, r => (Key: (new WorkspaceId(r.GetString(0)), new PersonId(r.GetString(1))), Type: r.GetString(2), Value: OpenText(new WorkspaceId(r.GetString(0)), r.GetString(3))))
            .GroupBy(i => i.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, IReadOnlyList<string>>)g.GroupBy(i => i.Type, StringComparer.Ordinal)
                .ToDictionary(t => t.Key, t => (IReadOnlyList<string>)[.. t.Select(i => i.Value)], StringComparer.Ordinal));
        return ReadRows(connection, """
            SELECT r.workspace_id, r.person_id, r.target, p.traits FROM journey_recipients r
            JOIN persons p ON p.workspace_id = r.workspace_id AND p.person_id = r.target
            """, r => (Key: (new WorkspaceId(r.GetString(0)), new PersonId(r.GetString(1))), Target: new PersonId(r.GetString(2)), Traits: r.GetString(3)))
            .ToDictionary(p => p.Key, p => new DeliveryProfile(p.Target, System.Text.Json.JsonSerializer.SerializeToElement(OpenValues(p.Key.Item1, TraitJson.ValuesOnly(p.Traits))),
                identifiers.GetValueOrDefault((p.Key.Item1, p.Target)) ?? new Dictionary<string, IReadOnlyList<string>>()));
    }

    /// <summary>The consent statements of each target, in the order <see cref="ConsentStatementsAsync"/> gives them.</summary>
    private static Dictionary<(WorkspaceId, PersonId), List<ConsentStatement>> RecipientConsents(DuckDBConnection connection) =>
        ReadRows(connection, """
            SELECT e.person_id, e.timestamp, e.position, e.message_id, e.source_id, e.properties::VARCHAR, e.workspace_id FROM events e
            WHERE e.type = 'track' AND e.event = $name
              AND EXISTS (SELECT 1 FROM journey_recipients r WHERE r.workspace_id = e.workspace_id AND r.target = e.person_id)
            ORDER BY e.timestamp, e.position
            """, r => (Key: (new WorkspaceId(r.GetString(6)), new PersonId(r.GetString(0))), Row: ConsentRow(r)), ("name", ConsentEvent.Name))
            .GroupBy(c => c.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.Row.Statements).ToList());

    /// <summary>Delivered sends per connector of each staged person (the id the outbox rows name), as the limits count them.</summary>
    private static Dictionary<(WorkspaceId, PersonId), List<SentCount>> RecipientSends(DuckDBConnection connection, DateTimeOffset now) =>
        ReadRows(connection, """
            SELECT o.workspace_id, o.person_id, o.connector, count(*) FILTER (o.updated_at > $day), count(*) FROM journey_outbox o
            WHERE o.status = 'delivered' AND o.updated_at > $week
              AND EXISTS (SELECT 1 FROM journey_recipients r WHERE r.workspace_id = o.workspace_id AND r.person_id = o.person_id)
            GROUP BY ALL
            """, r => (Key: (new WorkspaceId(r.GetString(0)), new PersonId(r.GetString(1))), Count: new SentCount(r.GetString(2), (int)r.GetInt64(3), (int)r.GetInt64(4))),
            ("day", ToDb(now.AddDays(-1))), ("week", ToDb(now.AddDays(-7))))
            .GroupBy(c => c.Key)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Count).ToList());
}
