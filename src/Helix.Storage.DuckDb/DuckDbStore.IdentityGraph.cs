using System.Data.Common;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    // A personal identifier's value is its digest; its sealed value is what the reads open.
    private const string IdentifierColumns = "type, coalesce(sealed, value), first_seen, position, source_id";
    private const string LinkColumns = "from_type, from_value, to_type, to_value, kind, position, message_id, source_id, linked_at";

    public Task<IdentityGraphView?> GetIdentityGraphAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var identifiers = new List<IdentifierLink>();
            using (var command = Command(connection,
                $"SELECT {IdentifierColumns} FROM identities WHERE workspace_id = $ws AND person_id = $p ORDER BY position, first_seen, type, value",
                ("ws", workspace.Value), ("p", person.Value)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    identifiers.Add(OpenIdentifier(workspace, ReadIdentifier(reader, 0)));
                }
            }

            if (identifiers.Count == 0)
            {
                return null;
            }

            var links = new List<IdentityLink>();
            using (var command = Command(connection,
                $"SELECT {LinkColumns} FROM identity_links WHERE workspace_id = $ws AND person_id = $p ORDER BY position, from_type, from_value",
                ("ws", workspace.Value), ("p", person.Value)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    links.Add(OpenLink(workspace, ReadLink(reader, 0)));
                }
            }

            transaction.Commit();
            return new IdentityGraphView(person, identifiers, links);
        }, cancellationToken);

    /// <summary>Reads <see cref="IdentifierColumns"/> starting at <paramref name="first"/>.</summary>
    private static IdentifierLink ReadIdentifier(DbDataReader reader, int first) =>
        new(new Identifier(reader.GetString(first), reader.GetString(first + 1)),
            Utc(reader.GetValue(first + 2)),
            reader.GetInt64(first + 3),
            reader.IsDBNull(first + 4) ? null : new SourceId(reader.GetString(first + 4)));

    private IdentifierLink OpenIdentifier(WorkspaceId workspace, IdentifierLink link) =>
        link with { Identifier = link.Identifier with { Value = OpenText(workspace, link.Identifier.Value) } };

    private IdentityLink OpenLink(WorkspaceId workspace, IdentityLink link) =>
        link with { From = link.From with { Value = OpenText(workspace, link.From.Value) }, To = link.To with { Value = OpenText(workspace, link.To.Value) } };

    /// <summary>Reads quarantine_reason, quarantine_position, quarantined_at starting at <paramref name="first"/>.</summary>
    private static Quarantine? ReadQuarantine(DbDataReader reader, int first) =>
        reader.IsDBNull(first) ? null : new Quarantine(reader.GetString(first), reader.GetInt64(first + 1), Utc(reader.GetValue(first + 2)));

    /// <summary>Reads <see cref="LinkColumns"/> starting at <paramref name="first"/>.</summary>
    private static IdentityLink ReadLink(DbDataReader reader, int first) =>
        new(new Identifier(reader.GetString(first), reader.GetString(first + 1)),
            new Identifier(reader.GetString(first + 2), reader.GetString(first + 3)),
            IdentityLinkKinds.Parse(reader.GetString(first + 4)),
            reader.GetInt64(first + 5),
            reader.GetString(first + 6),
            new SourceId(reader.GetString(first + 7)),
            Utc(reader.GetValue(first + 8)));
}
