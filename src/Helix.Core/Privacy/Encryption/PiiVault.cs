using System.Collections.Concurrent;
using System.Security.Cryptography;
using Helix.Core.Identity;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Encryption;

/// <summary>
/// Personal data at rest, sealed per person (crypto-shredding): each person has a random data key, wrapped by the
/// workspace key of an <see cref="IWorkspaceKeyProvider"/> and kept in an <see cref="IPersonKeyStore"/>. Values
/// are sealed with it before they reach a table; an identifier that must be found by value is stored as its keyed
/// digest beside its sealed value. Erasing a person shreds their key, so every sealed copy left anywhere — freed
/// database pages, old backups of the store — no longer opens.
/// </summary>
/// <remarks>Thread-safe. Keys are unwrapped once and held in memory, like the pipeline holds its persons.</remarks>
public sealed class PiiVault : IDisposable
{
    public const string DigestPrefix = "hmac:";
    private readonly IWorkspaceKeyProvider _provider;
    private readonly IPersonKeyStore _store;
    private readonly IdentifierDigest _digest;
    private readonly ConcurrentDictionary<(string Workspace, string KeyId), byte[]> _keys = new();
    private readonly SemaphoreSlim _adding = new(1, 1);

    public PiiVault(IWorkspaceKeyProvider provider, IPersonKeyStore store, IdentifierDigest digest)
    {
        _provider = provider;
        _store = store;
        _digest = digest;
        foreach (var key in store.LoadAll())
        {
            _keys[(key.Workspace, key.KeyId)] = provider.Unwrap(key.Workspace, key.WrappedKey);
        }
    }

    public int KeyCount => _keys.Count;

    /// <summary>Makes sure each person has a durable data key before anything is sealed for them.</summary>
    public async Task EnsureKeysAsync(IEnumerable<(WorkspaceId Workspace, PersonId Person)> persons, CancellationToken cancellationToken = default)
    {
        var missing = persons.Select(p => (p.Workspace.Value, p.Person.Value)).Where(k => !_keys.ContainsKey(k)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await _adding.WaitAsync(cancellationToken);
        try
        {
            var created = missing.Where(k => !_keys.ContainsKey(k)).Select(k => (Id: k, Key: RandomNumberGenerator.GetBytes(PiiCipher.KeyBytes))).ToList();
            await _store.AddAsync(created.Select(c => new WrappedPersonKey(c.Id.Item1, c.Id.Item2, _provider.Wrap(c.Id.Item1, c.Key))).ToList(), cancellationToken);
            foreach (var (id, key) in created)
            {
                _keys[id] = key;
            }
        }
        finally
        {
            _adding.Release();
        }
    }

    /// <exception cref="InvalidOperationException">The person has no key: <see cref="EnsureKeysAsync"/> was not awaited first.</exception>
    public string Seal(WorkspaceId workspace, PersonId person, string plaintext) =>
        _keys.TryGetValue((workspace.Value, person.Value), out var key)
            ? PiiCipher.Seal(key, workspace.Value, person.Value, plaintext)
            : throw new InvalidOperationException($"Person {person} of workspace {workspace} has no data key.");

    /// <summary>A sealed value's plaintext; any other value as it is; null when its key was shredded or it does not open.</summary>
    public string? Open(WorkspaceId workspace, string value) =>
        !PiiCipher.IsSealed(value, out var keyId) ? value
        : _keys.TryGetValue((workspace.Value, keyId), out var key) ? PiiCipher.Open(key, workspace.Value, value)
        : null;

    /// <summary>How an identifier is stored and found: a personal one by its keyed digest, any other as it is.</summary>
    public string LookupValue(WorkspaceId workspace, Identifier identifier) =>
        PiiFields.IdentifierTypes.Contains(identifier.Type) ? DigestPrefix + _digest.Of(workspace, identifier) : identifier.Value;

    /// <summary>Destroys the keys: from here on, nothing sealed under them opens, wherever a copy of it lies.</summary>
    public void Shred(WorkspaceId workspace, IEnumerable<string> keyIds)
    {
        var keys = keyIds.Distinct().Select(id => (workspace.Value, id)).ToList();
        _store.Shred(keys);
        foreach (var key in keys)
        {
            _keys.TryRemove(key, out _);
        }
    }

    public void Dispose() => _adding.Dispose();
}
