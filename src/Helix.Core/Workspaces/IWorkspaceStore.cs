namespace Helix.Core.Workspaces;

/// <summary>Workspaces, sources and keys. Keys are looked up by hash; plaintext keys are never stored.</summary>
public interface IWorkspaceStore
{
    Task<bool> AnyWorkspaceAsync(CancellationToken cancellationToken = default);

    Task CreateWorkspaceAsync(WorkspaceId id, string name, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    Task<Source> CreateSourceAsync(WorkspaceId workspace, string name, SourceTrust trust, string writeKeyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    Task<ApiKey> CreateApiKeyAsync(WorkspaceId workspace, string name, string role, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    Task<Source?> FindSourceByWriteKeyHashAsync(string writeKeyHash, CancellationToken cancellationToken = default);

    Task<ApiKey?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Source>> ListSourcesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);
}
