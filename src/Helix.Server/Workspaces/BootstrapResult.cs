namespace Helix.Server.Workspaces;

/// <summary>What a first start created. Keys are plaintext here only, never stored or logged.</summary>
public sealed record BootstrapResult(string WorkspaceId, string AdminKey, string WriteKey, bool AdminKeyGenerated, bool WriteKeyGenerated);
