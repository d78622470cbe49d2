using Helix.Core.Workspaces;

namespace Helix.Server.Workspaces;

/// <summary>On the first start only: a default workspace, an admin API key and a default source.</summary>
public static class Bootstrap
{
    public const string DefaultWorkspaceId = "default";

    public static async Task<BootstrapResult?> RunAsync(IWorkspaceStore store, HelixServerOptions options, CancellationToken cancellationToken)
    {
        if (await store.AnyWorkspaceAsync(cancellationToken))
        {
            return null;
        }

        var now = options.TimeProvider.GetUtcNow();
        var workspace = new WorkspaceId(DefaultWorkspaceId);
        var adminKey = options.BootstrapAdminKey ?? SecretKeys.NewApiKey();
        var writeKey = options.BootstrapWriteKey ?? SecretKeys.NewWriteKey();
        await store.CreateWorkspaceAsync(workspace, "Default workspace", now, cancellationToken);
        await store.CreateApiKeyAsync(workspace, "bootstrap admin", "admin", SecretKeys.Hash(adminKey), now, cancellationToken);
        // The bootstrap key is for the operator's own server-side automation and imports: trusted.
        await store.CreateSourceAsync(workspace, "default", SourceTrust.Trusted, SecretKeys.Hash(writeKey), now, cancellationToken);
        return new BootstrapResult(workspace.Value, adminKey, writeKey, options.BootstrapAdminKey is null, options.BootstrapWriteKey is null);
    }
}
