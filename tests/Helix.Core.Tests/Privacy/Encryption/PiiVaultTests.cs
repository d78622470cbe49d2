using System.Security.Cryptography;
using Helix.Core.Identity;
using Helix.Core.Privacy.Encryption;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Privacy.Encryption;

public sealed class PiiVaultTests : IDisposable
{
    private static readonly WorkspaceId Brand = new("brand");
    private static readonly PersonId Ana = new("p_ana");
    private readonly MemoryKeyStore _store = new();
    private readonly PiiVault _vault;

    public PiiVaultTests() => _vault = NewVault(_store);

    public void Dispose() => _vault.Dispose();

    [Fact]
    public async Task SealedValue_OpensToThePlaintext_AndDoesNotShowIt()
    {
        await _vault.EnsureKeysAsync([(Brand, Ana)]);

        var sealedValue = _vault.Seal(Brand, Ana, "13812345678");

        Assert.DoesNotContain("13812345678", sealedValue, StringComparison.Ordinal);
        Assert.True(PiiCipher.IsSealed(sealedValue, out var keyId));
        Assert.Equal(Ana.Value, keyId);
        Assert.Equal("13812345678", _vault.Open(Brand, sealedValue));
        Assert.NotEqual(sealedValue, _vault.Seal(Brand, Ana, "13812345678"));
    }

    [Fact]
    public async Task ShreddedKey_NothingSealedUnderItOpens_OthersStill()
    {
        var bea = new PersonId("p_bea");
        await _vault.EnsureKeysAsync([(Brand, Ana), (Brand, bea)]);
        var anas = _vault.Seal(Brand, Ana, "欧阳娜娜");
        var beas = _vault.Seal(Brand, bea, "白贝");

        _vault.Shred(Brand, [Ana.Value]);

        Assert.Null(_vault.Open(Brand, anas));
        Assert.Equal("白贝", _vault.Open(Brand, beas));
        Assert.DoesNotContain(_store.Keys, k => k.KeyId == Ana.Value);
        using var reopened = NewVault(_store);
        Assert.Null(reopened.Open(Brand, anas));
        Assert.Equal("白贝", reopened.Open(Brand, beas));
    }

    [Fact]
    public async Task SealedValue_DoesNotOpenInAnotherWorkspaceOrWhenAltered()
    {
        await _vault.EnsureKeysAsync([(Brand, Ana)]);
        var sealedValue = _vault.Seal(Brand, Ana, "a@x.com");
        var altered = sealedValue[..^2] + (sealedValue[^2] == 'A' ? "B" : "A") + sealedValue[^1];

        Assert.Null(_vault.Open(new WorkspaceId("other"), sealedValue));
        Assert.Null(_vault.Open(Brand, altered));
        Assert.Null(_vault.Open(Brand, "pii1:p_ana:not-base64!"));
    }

    [Fact]
    public void Values_NotSealed_PassThrough_AndSealingWithoutAKeyThrows()
    {
        Assert.Equal("plain", _vault.Open(Brand, "plain"));
        Assert.Throws<InvalidOperationException>(() => _vault.Seal(Brand, new PersonId("p_nokey"), "x"));
    }

    [Fact]
    public async Task Keys_AreWrapped_AndEnsuringTwiceAddsNone()
    {
        await _vault.EnsureKeysAsync([(Brand, Ana)]);
        await _vault.EnsureKeysAsync([(Brand, Ana), (Brand, Ana)]);

        var stored = Assert.Single(_store.Keys);
        Assert.Equal(PiiCipher.KeyBytes + 28, stored.WrappedKey.Length);
        Assert.Throws<AuthenticationTagMismatchException>(() => new LocalWorkspaceKeyProvider(new byte[32]).Unwrap(Brand.Value, stored.WrappedKey));
    }

    [Fact]
    public void LookupValue_IsAKeyedDigestForPersonalIdentifiersOnly()
    {
        var phone = _vault.LookupValue(Brand, new Identifier("phone", "+8613812345678"));

        Assert.StartsWith(PiiVault.DigestPrefix, phone, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", phone, StringComparison.Ordinal);
        Assert.Equal(phone, _vault.LookupValue(Brand, new Identifier("phone", "+8613812345678")));
        Assert.NotEqual(phone, _vault.LookupValue(new WorkspaceId("other"), new Identifier("phone", "+8613812345678")));
        Assert.Equal("M-1", _vault.LookupValue(Brand, new Identifier("user_id", "M-1")));
    }

    private static PiiVault NewVault(IPersonKeyStore store) =>
        new(new LocalWorkspaceKeyProvider(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), store, new IdentifierDigest(new byte[32]));

    private sealed class MemoryKeyStore : IPersonKeyStore
    {
        public List<WrappedPersonKey> Keys { get; } = [];

        public IReadOnlyList<WrappedPersonKey> LoadAll() => [.. Keys];

        public ValueTask AddAsync(IReadOnlyList<WrappedPersonKey> keys, CancellationToken cancellationToken = default)
        {
            Keys.AddRange(keys);
            return ValueTask.CompletedTask;
        }

        public void Shred(IReadOnlyCollection<(string Workspace, string KeyId)> keys) =>
            Keys.RemoveAll(k => keys.Contains((k.Workspace, k.KeyId)));
    }
}
