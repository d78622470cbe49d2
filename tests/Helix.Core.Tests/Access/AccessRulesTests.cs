using Helix.Core.Access;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Access;

public sealed class AccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Role Cashier = new("cashier", new HashSet<string>([Permission.GuideRead]));

    [Theory]
    [InlineData("cashier")]
    [InlineData("store-lead-2")]
    [InlineData("a")]
    public void RoleName_LowercaseLettersDigitsDashes_IsValid(string name) => Assert.Null(AccessRules.RoleNameProblem(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Cashier")]
    [InlineData("2nd")]
    [InlineData("-x")]
    [InlineData("store lead")]
    [InlineData("收银")]
    [InlineData("../x")]
    [InlineData("a_b")]
    public void RoleName_Otherwise_IsRefused(string? name) => Assert.NotNull(AccessRules.RoleNameProblem(name));

    [Fact]
    public void RoleName_TooLong_IsRefused() => Assert.NotNull(AccessRules.RoleNameProblem(new string('a', AccessRules.MaxRoleNameLength + 1)));

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Guide)]
    [InlineData(Role.ReadOnly)]
    public void RoleName_OfABuiltInRole_IsRefused(string name) => Assert.Contains("built-in", AccessRules.RoleNameProblem(name), StringComparison.Ordinal);

    [Fact]
    public void CheckRole_KnownPermissions_GrantsExactlyThem()
    {
        var (role, errors) = AccessRules.CheckRole("auditor", [Permission.AuditRead, Permission.GuideRead, Permission.AuditRead]);

        Assert.Empty(errors);
        Assert.Equal(new HashSet<string>([Permission.AuditRead, Permission.GuideRead]), role!.Permissions);
        Assert.True(role.Allows(Permission.AuditRead));
        Assert.All(Permission.All.Except([Permission.AuditRead, Permission.GuideRead]), p => Assert.False(role.Allows(p)));
    }

    [Fact]
    public void CheckRole_UnknownPermission_NamesItAndItsIndex()
    {
        var (role, errors) = AccessRules.CheckRole("x", [Permission.AuditRead, "profiles:write", null]);

        Assert.Null(role);
        Assert.Equal(["permissions[1]", "permissions[2]"], errors.Select(e => e.Field));
        Assert.Contains("'profiles:write'", errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRole_NoPermissions_IsRefused()
    {
        Assert.Equal("permissions", Assert.Single(AccessRules.CheckRole("x", []).Errors).Field);
        Assert.Equal("permissions", Assert.Single(AccessRules.CheckRole("x", null).Errors).Field);
    }

    [Fact]
    public void CheckKey_Valid_TrimsAndNormalisesExpiryToUtc()
    {
        var (draft, errors) = AccessRules.CheckKey(" pos 7 ", Role.Guide, Role.BuiltIn[Role.Guide], "2027-01-01T08:00:00+08:00", " s7 ", Now);

        Assert.Empty(errors);
        Assert.Equal(new ApiKeyDraft("pos 7", Role.Guide, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), "s7"), draft);
        Assert.Equal(TimeSpan.Zero, draft!.ExpiresAt!.Value.Offset);
    }

    [Theory]
    [InlineData(null, "admin", true, null, null, "name")]
    [InlineData("\u0001", "admin", true, null, null, "name")]
    [InlineData("k", null, false, null, null, "role")]
    [InlineData("k", "nobody", false, null, null, "role")]
    [InlineData("k", "admin", true, "tomorrow", null, "expiresAt")]
    [InlineData("k", "admin", true, "2026-12-01T08:00:00Z", null, "expiresAt")]
    [InlineData("k", "admin", true, "2020-01-01T00:00:00Z", null, "expiresAt")]
    [InlineData("k", "guide", true, null, "", "store")]
    [InlineData("k", "guide", true, null, "a\nb", "store")]
    [InlineData("k", "marketer", true, null, "s7", "store")]
    public void CheckKey_BadField_IsNamed(string? name, string? roleName, bool roleExists, string? expiresAt, string? store, string field)
    {
        var role = roleExists ? Role.BuiltIn[roleName!] : null;

        var (draft, errors) = AccessRules.CheckKey(name, roleName, role, expiresAt, store, Now);

        Assert.Null(draft);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void CheckKey_StoreWithAWideRole_NamesTheExtraPermissions()
    {
        var error = Assert.Single(AccessRules.CheckKey("k", Role.Marketer, Role.BuiltIn[Role.Marketer], null, "s7", Now).Errors);

        Assert.Contains(Permission.ProfilesRead, error.Reason, StringComparison.Ordinal);
        Assert.Contains(Permission.ExportsRun, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PermissionsOf_IsTheRolesForAnUnscopedKey_NarrowedForAStoreKey_AndNoneForAnUnknownRole()
    {
        var key = new ApiKey("key_1", new WorkspaceId("ws"), "k", "wide", Now);
        var wide = new Role("wide", new HashSet<string>([Permission.GuideRead, Permission.ProfilesRead, Permission.PiiRead]));

        Assert.Equal(wide.Permissions, AccessRules.PermissionsOf(key, wide));
        Assert.Equal([Permission.GuideRead], AccessRules.PermissionsOf(key with { Store = "s7" }, wide));
        Assert.Empty(AccessRules.PermissionsOf(key, null));
        Assert.Equal(Cashier.Permissions, AccessRules.PermissionsOf(key with { Store = "s7" }, Cashier));
    }

    [Fact]
    public void IsActiveAt_FalseWhenRevokedOrAtExpiry()
    {
        var key = new ApiKey("key_1", new WorkspaceId("ws"), "k", Role.Admin, Now, ExpiresAt: Now.AddHours(1));

        Assert.True(key.IsActiveAt(Now.AddMinutes(59)));
        Assert.False(key.IsActiveAt(Now.AddHours(1)));
        Assert.False((key with { RevokedAt = Now }).IsActiveAt(Now));
        Assert.True((key with { ExpiresAt = null }).IsActiveAt(Now.AddYears(50)));
    }

    [Fact]
    public void BuiltInRoles_GrantOnlyKnownPermissions_AndOnlyAdminManagesAccess()
    {
        Assert.All(Role.BuiltIn.Values, r => Assert.All(r.Permissions, p => Assert.True(Permission.IsKnown(p))));
        Assert.Equal([Role.Admin], Role.BuiltIn.Values.Where(r => r.Allows(Permission.AccessManage)).Select(r => r.Name));
        Assert.Equal([Permission.GuideRead, Permission.GuideTasks], Role.BuiltIn[Role.Guide].Permissions);
    }
}
