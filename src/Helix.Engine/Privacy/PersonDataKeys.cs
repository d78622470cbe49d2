using Helix.Core.Privacy.Encryption;
using Helix.Core.Privacy.Erasure;
using Helix.Engine.Hosting;

namespace Helix.Engine.Privacy;

/// <summary>
/// An installation's sealing of personal data, as its data directory keeps it: the master key and the persons' key log
/// under <c>keys/</c>, the identifier digest key for lookups. Hosts open one per data directory and hand its
/// <see cref="Vault"/> to the store.
/// </summary>
public sealed class PersonDataKeys : IAsyncDisposable, IDisposable
{
    private readonly PersonKeyLog _log;

    private PersonDataKeys(PersonKeyLog log, PiiVault vault)
    {
        _log = log;
        Vault = vault;
    }

    public PiiVault Vault { get; }

    public static PersonDataKeys Open(string dataDirectory)
    {
        var provider = new LocalWorkspaceKeyProvider(DataDirectoryKeys.PiiMasterKey(dataDirectory));
        var digest = new IdentifierDigest(DataDirectoryKeys.IdentifierDigestKey(dataDirectory));
        var log = PersonKeyLog.Open(Path.Combine(dataDirectory, DataDirectoryKeys.DirectoryName, PersonKeyLog.DirectoryName));
        try
        {
            return new PersonDataKeys(log, new PiiVault(provider, log, digest));
        }
        catch
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Vault.Dispose();
        await _log.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
