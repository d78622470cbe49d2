using System.Data.Common;
using System.Text.Json;
using Helix.Core.Identity;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Privacy.Encryption;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Probabilistic matching: the persons it reads, its runs and its review queue.</summary>
public sealed partial class DuckDbStore : IPersonMatchStore
{
    private const string ReviewColumns =
        "review_id, workspace_id, run_id, left_person, left_type, left_value, right_person, right_type, right_value, score, probability, evidence, created_at, status, decided_at, decided_by, decision_reason, operation_id";

    private static readonly JsonSerializerOptions MatchJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<IReadOnlyList<MatchablePerson>> MatchablePersonsAsync(
        WorkspaceId workspace, IdentityRules rules, IReadOnlyList<string> traits, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<MatchablePerson>>(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var identifiers = new Dictionary<string, List<Identifier>>(StringComparer.Ordinal);
            using (var command = Command(connection, "SELECT person_id, type, coalesce(sealed, value) FROM identities WHERE workspace_id = $ws ORDER BY person_id, position, type, value", ("ws", workspace.Value)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var person = reader.GetString(0);
                    if (!identifiers.TryGetValue(person, out var held))
                    {
                        identifiers[person] = held = [];
                    }

                    held.Add(new Identifier(reader.GetString(1), OpenText(workspace, reader.GetString(2))));
                }
            }

            // One json_extract_string per trait, each path a parameter: trait names never reach the SQL text.
            var columns = string.Concat(traits.Select((_, i) => $", json_extract_string(traits, $t{i})"));
            var parameters = traits.Select((t, i) => ($"t{i}", (object?)("$." + JsonSerializer.Serialize(t, MatchJson)))).Prepend(("ws", workspace.Value)).ToArray();
            var persons = new List<MatchablePerson>();
            using (var command = Command(connection, $"SELECT person_id{columns} FROM persons WHERE workspace_id = $ws ORDER BY created_position", parameters))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    if (!identifiers.TryGetValue(id, out var held) || held.Count == 0)
                    {
                        continue;
                    }

                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (var i = 0; i < traits.Count; i++)
                    {
                        var value = reader.IsDBNull(i + 1) ? held.FirstOrDefault(h => h.Type == traits[i]).Value : OpenText(workspace, reader.GetString(i + 1));
                        if (!string.IsNullOrWhiteSpace(value))
                        {
                            values[traits[i]] = value;
                        }
                    }

                    persons.Add(new MatchablePerson(new PersonId(id), rules.Strongest(held), values) { Identifiers = held });
                }
            }

            transaction.Commit();
            return persons;
        }, cancellationToken);

    public Task<IReadOnlySet<(Identifier, Identifier)>> ReviewedPairsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlySet<(Identifier, Identifier)>>(connection =>
        {
            using var command = Command(connection,
                "SELECT left_type, left_value, right_type, right_value FROM identity_match_reviews WHERE workspace_id = $ws AND status <> 'accepted'",
                ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var pairs = new HashSet<(Identifier, Identifier)>();
            while (reader.Read())
            {
                pairs.Add(PersonMatch.AnchorPair(
                    new Identifier(reader.GetString(0), OpenText(workspace, reader.GetString(1))), new Identifier(reader.GetString(2), OpenText(workspace, reader.GetString(3)))));
            }

            return pairs;
        }, cancellationToken);

    public Task SaveRunAsync(MatchRun run, IReadOnlyList<MatchReview> reviews, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, "INSERT INTO identity_match_runs VALUES ($id, $ws, $at, $run)",
                ("id", run.RunId), ("ws", run.WorkspaceId.Value), ("at", ToDb(run.StartedAt)), ("run", JsonSerializer.Serialize(run, MatchJson)));
            foreach (var review in reviews)
            {
                Execute(connection, $"""
                    INSERT INTO identity_match_reviews ({ReviewColumns})
                    VALUES ($id, $ws, $run, $lp, $lt, $lv, $rp, $rt, $rv, $score, $p, $evidence, $at, 'open', NULL, NULL, NULL, NULL)
                    """,
                    ("id", review.ReviewId), ("ws", review.WorkspaceId.Value), ("run", review.RunId),
                    ("lp", review.LeftPerson.Value), ("lt", review.LeftAnchor.Type), ("lv", SealText(review.WorkspaceId, review.LeftPerson, review.LeftAnchor)),
                    ("rp", review.RightPerson.Value), ("rt", review.RightAnchor.Type), ("rv", SealText(review.WorkspaceId, review.RightPerson, review.RightAnchor)),
                    ("score", review.Score), ("p", review.Probability), ("evidence", JsonSerializer.Serialize(SealEvidence(review), MatchJson)),
                    ("at", ToDb(review.CreatedAt)));
            }

            transaction.Commit();
            return true;
        }, cancellationToken);

    public Task<MatchRun?> FindRunAsync(WorkspaceId workspace, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT run FROM identity_match_runs WHERE workspace_id = $ws AND run_id = $id", ("ws", workspace.Value), ("id", runId));
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<MatchRun>(json, MatchJson) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<MatchRun>> ListRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<MatchRun>>(connection =>
        {
            using var command = Command(connection, "SELECT run FROM identity_match_runs WHERE workspace_id = $ws ORDER BY started_at DESC, run_id LIMIT $limit",
                ("ws", workspace.Value), ("limit", limit));
            using var reader = command.ExecuteReader();
            var runs = new List<MatchRun>();
            while (reader.Read())
            {
                runs.Add(JsonSerializer.Deserialize<MatchRun>(reader.GetString(0), MatchJson)!);
            }

            return runs;
        }, cancellationToken);

    public Task<MatchReview?> FindReviewAsync(WorkspaceId workspace, string reviewId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, $"SELECT {ReviewColumns} FROM identity_match_reviews WHERE workspace_id = $ws AND review_id = $id",
                ("ws", workspace.Value), ("id", reviewId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? OpenReview(ReadReview(reader)) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<MatchReview>> ListReviewsAsync(WorkspaceId workspace, MatchReviewStatus? status, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<MatchReview>>(connection =>
        {
            using var command = Command(connection, $"""
                SELECT {ReviewColumns} FROM identity_match_reviews
                WHERE workspace_id = $ws AND ($status IS NULL OR status = $status) ORDER BY score DESC, review_id LIMIT $limit
                """,
                ("ws", workspace.Value), ("status", status is { } s ? StatusText(s) : null), ("limit", limit));
            using var reader = command.ExecuteReader();
            var reviews = new List<MatchReview>();
            while (reader.Read())
            {
                reviews.Add(OpenReview(ReadReview(reader)));
            }

            return reviews;
        }, cancellationToken);

    public Task<bool> DecideReviewAsync(
        WorkspaceId workspace, string reviewId, MatchReviewStatus decision, string decidedBy, string? reason, string? operationId, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var command = Command(connection, """
                UPDATE identity_match_reviews SET status = $status, decided_at = $at, decided_by = $by, decision_reason = $reason
                WHERE workspace_id = $ws AND review_id = $id AND status = 'open' AND operation_id IS NOT DISTINCT FROM $op
                """,
                ("status", StatusText(decision)), ("at", ToDb(at)), ("by", decidedBy), ("reason", reason), ("op", operationId),
                ("ws", workspace.Value), ("id", reviewId));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<bool> ClaimReviewAsync(WorkspaceId workspace, string reviewId, string operationId, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var command = Command(connection, """
                UPDATE identity_match_reviews SET operation_id = $op
                WHERE workspace_id = $ws AND review_id = $id AND status = 'open' AND operation_id IS NULL
                """, ("op", operationId), ("ws", workspace.Value), ("id", reviewId));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task ReleaseReviewAsync(WorkspaceId workspace, string reviewId, string operationId, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, """
                UPDATE identity_match_reviews SET operation_id = NULL
                WHERE workspace_id = $ws AND review_id = $id AND status = 'open' AND operation_id = $op
                """, ("op", operationId), ("ws", workspace.Value), ("id", reviewId));
            return true;
        }, cancellationToken);

    /// <summary>open, accepted, rejected: the enum's names in lower case, as the API shows them.</summary>
    private static string StatusText(MatchReviewStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Each side's personal values sealed under its own person's key, so erasing either shreds what was theirs.</summary>
    private List<MatchReviewEvidence> SealEvidence(MatchReview review) =>
        [.. review.Evidence.Select(e => IsPersonalField(e.Field)
            ? e with
            {
                Left = e.Left is null ? null : SealValue(review.WorkspaceId, review.LeftPerson, e.Left),
                Right = e.Right is null ? null : SealValue(review.WorkspaceId, review.RightPerson, e.Right),
            }
            : e)];

    private static bool IsPersonalField(string field) => PiiFields.Traits.Contains(field) || PiiFields.IdentifierTypes.Contains(field);

    private MatchReview OpenReview(MatchReview review) =>
        review with
        {
            LeftAnchor = review.LeftAnchor with { Value = OpenText(review.WorkspaceId, review.LeftAnchor.Value) },
            RightAnchor = review.RightAnchor with { Value = OpenText(review.WorkspaceId, review.RightAnchor.Value) },
            Evidence = [.. review.Evidence.Select(e => e with
            {
                Left = e.Left is null ? null : OpenText(review.WorkspaceId, e.Left),
                Right = e.Right is null ? null : OpenText(review.WorkspaceId, e.Right),
            })],
        };

    private static MatchReview ReadReview(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new MatchReview(
            reader.GetString(0), new WorkspaceId(reader.GetString(1)), reader.GetString(2),
            new PersonId(reader.GetString(3)), new Identifier(reader.GetString(4), reader.GetString(5)),
            new PersonId(reader.GetString(6)), new Identifier(reader.GetString(7), reader.GetString(8)),
            reader.GetDouble(9), reader.GetDouble(10),
            JsonSerializer.Deserialize<List<MatchReviewEvidence>>(reader.GetString(11), MatchJson)!,
            Utc(reader.GetValue(12)))
        {
            Status = Enum.Parse<MatchReviewStatus>(reader.GetString(13), ignoreCase: true),
            DecidedAt = reader.IsDBNull(14) ? null : Utc(reader.GetValue(14)),
            DecidedBy = Text(15),
            DecisionReason = Text(16),
            OperationId = Text(17),
        };
    }
}
