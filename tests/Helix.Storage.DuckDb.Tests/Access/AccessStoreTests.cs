using Helix.Core.Access;
using Helix.Core.Workspaces;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests.Access;

public sealed class AccessStoreTests : IAsyncLifetime
{
    private static readonly WorkspaceId Other = new("ws_other");
    private static readonly Role Cashier = new("cashier", new HashSet<string>([Permission.GuideRead, Permission.DefinitionsRead]));
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(":memory:", TimeProvider.System);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task IssuedKey_RoundTripsWithExpiryAndStore_AndIsFoundByHash()
    {
        var issued = await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("pos 7", Role.Guide, T0.AddDays(30), "store-7"), SecretKeys.Hash("hxk_s7"), T0);

        var listed = Assert.Single(await _store.ListApiKeysAsync(Workspace));
        var found = await _store.FindApiKeyByHashAsync(SecretKeys.Hash("hxk_s7"));

        Assert.NotNull(issued);
        Assert.Equal(issued, listed);
        Assert.Equal(issued, found);
        Assert.Equal((T0.AddDays(30), "store-7", (DateTimeOffset?)null), (listed.ExpiresAt, listed.Store, listed.RevokedAt));
        Assert.Empty(await _store.ListApiKeysAsync(Other));
    }

    [Fact]
    public async Task IssueWithAnUnknownRole_StoresNothing_AndACustomRoleOfTheWorkspaceWorks()
    {
        await _store.PutCustomRoleAsync(Other, Cashier, T0);

        var unknown = await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("k", "cashier", null, null), SecretKeys.Hash("hxk_a"), T0);
        await _store.PutCustomRoleAsync(Workspace, Cashier, T0);
        var known = await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("k", "cashier", null, null), SecretKeys.Hash("hxk_b"), T0);

        Assert.Null(unknown);
        Assert.Equal("cashier", known?.Role);
        Assert.Equal([known!.Id], (await _store.ListApiKeysAsync(Workspace)).Select(k => k.Id));
    }

    [Fact]
    public async Task Revoke_HidesTheKeyFromLookup_IsIdempotent_AndStaysInTheList()
    {
        await _store.CreateApiKeyAsync(Workspace, "admin", Role.Admin, SecretKeys.Hash("hxk_admin"), T0);
        var key = (await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("m", Role.Marketer, null, null), SecretKeys.Hash("hxk_m"), T0))!;

        var revoked = await _store.RevokeApiKeyAsync(Workspace, key.Id, T0.AddHours(1));
        var again = await _store.RevokeApiKeyAsync(Workspace, key.Id, T0.AddHours(2));

        Assert.Equal(KeyRevocationOutcome.Revoked, revoked.Outcome);
        Assert.Equal(KeyRevocationOutcome.AlreadyRevoked, again.Outcome);
        Assert.Equal(T0.AddHours(1), again.Key!.RevokedAt);
        Assert.Null(await _store.FindApiKeyByHashAsync(SecretKeys.Hash("hxk_m")));
        Assert.Contains(await _store.ListApiKeysAsync(Workspace), k => k.Id == key.Id && k.RevokedAt == T0.AddHours(1));
    }

    [Fact]
    public async Task TheLastActiveAdminKey_CannotBeRevoked_ButOneOfTwoCan()
    {
        var first = await _store.CreateApiKeyAsync(Workspace, "a1", Role.Admin, SecretKeys.Hash("hxk_a1"), T0);
        var expired = (await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("old", Role.Admin, T0.AddHours(1), null), SecretKeys.Hash("hxk_old"), T0))!;
        var now = T0.AddHours(2);

        var refused = await _store.RevokeApiKeyAsync(Workspace, first.Id, now);
        var second = (await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("a2", Role.Admin, null, null), SecretKeys.Hash("hxk_a2"), now))!;
        var allowed = await _store.RevokeApiKeyAsync(Workspace, first.Id, now);
        var last = await _store.RevokeApiKeyAsync(Workspace, second.Id, now);
        var expiredOne = await _store.RevokeApiKeyAsync(Workspace, expired.Id, now);

        Assert.Equal(KeyRevocationOutcome.LastAdmin, refused.Outcome);
        Assert.Equal(KeyRevocationOutcome.Revoked, allowed.Outcome);
        Assert.Equal(KeyRevocationOutcome.LastAdmin, last.Outcome);
        Assert.Equal(KeyRevocationOutcome.Revoked, expiredOne.Outcome);
    }

    [Fact]
    public async Task Revoke_OfAnotherWorkspacesKey_IsNotFound()
    {
        var key = await _store.CreateApiKeyAsync(Other, "b", Role.Marketer, SecretKeys.Hash("hxk_b"), T0);

        var result = await _store.RevokeApiKeyAsync(Workspace, key.Id, T0);

        Assert.Equal(KeyRevocationOutcome.NotFound, result.Outcome);
        Assert.NotNull(await _store.FindApiKeyByHashAsync(SecretKeys.Hash("hxk_b")));
    }

    [Fact]
    public async Task RecordedUses_OnlyMoveLastUsedForward()
    {
        var key = await _store.CreateApiKeyAsync(Workspace, "k", Role.Analyst, SecretKeys.Hash("hxk_k"), T0);

        await _store.RecordApiKeyUsesAsync([new(key.Id, T0.AddMinutes(5)), new("key_missing", T0)]);
        await _store.RecordApiKeyUsesAsync([new(key.Id, T0.AddMinutes(2))]);

        Assert.Equal(T0.AddMinutes(5), (await _store.FindApiKeyByHashAsync(SecretKeys.Hash("hxk_k")))!.LastUsedAt);
    }

    [Fact]
    public async Task CustomRoles_RoundTrip_Replace_AndArePerWorkspace()
    {
        await _store.PutCustomRoleAsync(Workspace, Cashier, T0);
        await _store.PutCustomRoleAsync(Workspace, Cashier with { Permissions = new HashSet<string>([Permission.AuditRead]) }, T0);
        await _store.PutCustomRoleAsync(Workspace, new Role("auditor", new HashSet<string>([Permission.AuditRead])), T0);

        var roles = await _store.ListCustomRolesAsync(Workspace);

        Assert.Equal(["auditor", "cashier"], roles.Select(r => r.Name));
        Assert.Equal([Permission.AuditRead], (await _store.GetCustomRoleAsync(Workspace, "cashier"))!.Permissions);
        Assert.Null(await _store.GetCustomRoleAsync(Other, "cashier"));
        Assert.Empty(await _store.ListCustomRolesAsync(Other));
    }

    [Fact]
    public async Task DeleteRole_InUseByAnUnrevokedKey_IsRefusedWithTheCount_ThenAllowedOnceRevoked()
    {
        await _store.CreateApiKeyAsync(Workspace, "admin", Role.Admin, SecretKeys.Hash("hxk_admin"), T0);
        await _store.PutCustomRoleAsync(Workspace, Cashier, T0);
        var k1 = (await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("k1", "cashier", T0.AddMinutes(1), null), SecretKeys.Hash("hxk_1"), T0))!;
        var k2 = (await _store.IssueApiKeyAsync(Workspace, new ApiKeyDraft("k2", "cashier", null, null), SecretKeys.Hash("hxk_2"), T0))!;

        var inUse = await _store.DeleteCustomRoleAsync(Workspace, "cashier");
        await _store.RevokeApiKeyAsync(Workspace, k1.Id, T0);
        await _store.RevokeApiKeyAsync(Workspace, k2.Id, T0);
        var deleted = await _store.DeleteCustomRoleAsync(Workspace, "cashier");
        var missing = await _store.DeleteCustomRoleAsync(Workspace, "cashier");

        Assert.Equal(new RoleDeletion(RoleDeletionOutcome.InUse, 2), inUse);
        Assert.Equal(RoleDeletionOutcome.Deleted, deleted.Outcome);
        Assert.Equal(RoleDeletionOutcome.NotFound, missing.Outcome);
    }
}
