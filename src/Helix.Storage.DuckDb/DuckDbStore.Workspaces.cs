using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    public Task<bool> AnyWorkspaceAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM workspaces)");
            return (bool)command.ExecuteScalar()!;
        }, cancellationToken);

    public Task CreateWorkspaceAsync(WorkspaceId id, string name, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT INTO workspaces VALUES ($id, $name, $at)", ("id", id.Value), ("name", name), ("at", ToDb(createdAt)));
            return 0;
        }, cancellationToken);

    public Task<Source> CreateSourceAsync(WorkspaceId workspace, string name, SourceTrust trust, string writeKeyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            var source = new Source(new SourceId(SecretKeys.NewId("src_")), workspace, name, trust, createdAt);
            Execute(connection, "INSERT INTO sources VALUES ($id, $ws, $name, $trust, $hash, $at)",
                ("id", source.Id.Value), ("ws", workspace.Value), ("name", name), ("trust", TrustText(trust)), ("hash", writeKeyHash), ("at", ToDb(createdAt)));
            return source;
        }, cancellationToken);

    public Task<ApiKey> CreateApiKeyAsync(WorkspaceId workspace, string name, string role, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            var key = new ApiKey(SecretKeys.NewId("key_"), workspace, name, role, createdAt);
            InsertApiKey(connection, key, keyHash);
            return key;
        }, cancellationToken);

    public Task<Source?> FindSourceByWriteKeyHashAsync(string writeKeyHash, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT id, workspace_id, name, trust, created_at FROM sources WHERE write_key_hash = $hash", ("hash", writeKeyHash));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadSource(reader) : null;
        }, cancellationToken);

    public Task<ApiKey?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            // Revoked keys are not found: revocation takes effect on the next request.
            return ReadRows(connection, $"SELECT {ApiKeyColumns} FROM api_keys WHERE key_hash = $hash AND revoked_at IS NULL", ReadApiKey, ("hash", keyHash))
                .SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<Source>> ListSourcesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Source>>(connection =>
        {
            using var command = Command(connection,
                "SELECT id, workspace_id, name, trust, created_at FROM sources WHERE workspace_id = $ws ORDER BY created_at, id", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var sources = new List<Source>();
            while (reader.Read())
            {
                sources.Add(ReadSource(reader));
            }

            return sources;
        }, cancellationToken);

    private static Source ReadSource(System.Data.Common.DbDataReader reader) =>
        new(new SourceId(reader.GetString(0)), new WorkspaceId(reader.GetString(1)), reader.GetString(2),
            reader.GetString(3) == "untrusted" ? SourceTrust.Untrusted : SourceTrust.Trusted, Utc(reader.GetValue(4)));

    private static string TrustText(SourceTrust trust) => trust == SourceTrust.Untrusted ? "untrusted" : "trusted";
}
