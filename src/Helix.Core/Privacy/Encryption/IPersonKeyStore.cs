namespace Helix.Core.Privacy.Encryption;

/// <summary>A person's data key as kept at rest: wrapped by the workspace key, under the id sealed values name.</summary>
public sealed record WrappedPersonKey(string Workspace, string KeyId, byte[] WrappedKey);

/// <summary>
/// Where wrapped data keys are kept. Unlike the store's tables, a shredded key must leave no copy in any file the
/// store keeps (a database's freed pages would keep it), which is why keys live apart from the data they seal.
/// </summary>
public interface IPersonKeyStore
{
    IReadOnlyList<WrappedPersonKey> LoadAll();

    /// <summary>Completes once the keys are durable: no value is sealed under a key that a crash could lose.</summary>
    ValueTask AddAsync(IReadOnlyList<WrappedPersonKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Removes the keys from memory and from every file the store keeps; idempotent; unknown keys are ignored.</summary>
    void Shred(IReadOnlyCollection<(string Workspace, string KeyId)> keys);
}
