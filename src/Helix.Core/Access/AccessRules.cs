using System.Globalization;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Access;

/// <summary>
/// What a valid custom role and a valid key request are, and which permissions a key ends up with. Pure: the
/// caller resolves role names (built-in or stored) and passes the clock's time.
/// </summary>
public static class AccessRules
{
    public const int MaxKeyNameLength = 200;
    public const int MaxRoleNameLength = 64;
    public const int MaxStoreLength = 200;

    /// <summary>
    /// What a store-scoped key may hold: the member card and the guide tasks, whose answers the store scope filters, and
    /// definitions, which show no person. Anything else (profiles, exports, segments' members) would read members of every store,
    /// so a key with a store never holds it, whatever its role says.
    /// </summary>
    public static readonly IReadOnlySet<string> StoreScopedPermissions = new HashSet<string>([Permission.GuideRead, Permission.GuideTasks, Permission.DefinitionsRead], StringComparer.Ordinal);

    /// <returns>Why <paramref name="name"/> cannot name a custom role, or null when it can.</returns>
    public static string? RoleNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxRoleNameLength
            || name[0] is < 'a' or > 'z' || !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
        {
            return $"must be 1–{MaxRoleNameLength} lowercase letters, digits and dashes, starting with a letter";
        }

        return Role.BuiltIn.ContainsKey(name) ? $"'{name}' is a built-in role, which cannot be changed" : null;
    }

    /// <summary>Checks a custom role's permissions: each known (<see cref="Permission.All"/>), at least one.</summary>
    /// <returns>The role, or the errors, each naming the field (<c>permissions[2]</c>) and the unknown permission.</returns>
    public static (Role? Role, IReadOnlyList<FieldError> Errors) CheckRole(string name, IReadOnlyList<string?>? permissions)
    {
        if (permissions is null || permissions.Count == 0)
        {
            return (null, [new FieldError("permissions", "is required: one or more of " + string.Join(", ", Permission.All))]);
        }

        var errors = permissions
            .Select((p, i) => (Permission: p, Index: i))
            .Where(p => p.Permission is null || !Permission.IsKnown(p.Permission))
            .Select(p => new FieldError($"permissions[{p.Index}]", p.Permission is null
                ? "must be a permission name"
                : $"unknown permission '{Shorten(p.Permission)}'; known: {string.Join(", ", Permission.All)}"))
            .ToList();
        return errors.Count > 0 ? (null, errors) : (new Role(name, new HashSet<string>(permissions.Select(p => p!), StringComparer.Ordinal)), []);
    }

    /// <summary>Checks a request for a new key.</summary>
    /// <param name="role">The role <paramref name="roleName"/> names, built-in or custom; null when it names none.</param>
    /// <param name="expiresAt">ISO 8601 with an offset or <c>Z</c>; null for a key that does not expire.</param>
    public static (ApiKeyDraft? Draft, IReadOnlyList<FieldError> Errors) CheckKey(
        string? name, string? roleName, Role? role, string? expiresAt, string? store, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxKeyNameLength || name.Any(char.IsControl))
        {
            errors.Add(new("name", $"is required: 1–{MaxKeyNameLength} printable characters"));
        }

        if (string.IsNullOrEmpty(roleName))
        {
            errors.Add(new("role", "is required: a built-in role (" + string.Join(", ", Role.BuiltIn.Keys) + ") or a custom role"));
        }
        else if (role is null)
        {
            errors.Add(new("role", $"no built-in or custom role is named '{Shorten(roleName)}'"));
        }

        DateTimeOffset? expiry = null;
        if (expiresAt is not null)
        {
            if (!DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                errors.Add(new("expiresAt", "must be an ISO 8601 time such as 2027-01-31T00:00:00Z"));
            }
            else if (parsed <= now)
            {
                errors.Add(new("expiresAt", "must be in the future"));
            }
            else
            {
                expiry = parsed.ToUniversalTime();
            }
        }

        store = store?.Trim();
        if (store is not null)
        {
            if (store.Length is 0 or > MaxStoreLength || store.Any(char.IsControl))
            {
                errors.Add(new("store", $"must be a store id of 1–{MaxStoreLength} printable characters"));
            }
            else if (role is not null && role.Permissions.Except(StoreScopedPermissions).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } wider)
            {
                errors.Add(new("store", $"a store-scoped key may hold only {string.Join(", ", StoreScopedPermissions)}; role '{role.Name}' also grants {string.Join(", ", wider)}"));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new ApiKeyDraft(name!, roleName!, expiry, store), []);
    }

    /// <summary>
    /// The permissions a key holds: its role's, narrowed to <see cref="StoreScopedPermissions"/> when it has a store
    /// (a custom role may have been widened since the key was issued). An unknown role grants nothing.
    /// </summary>
    public static IReadOnlySet<string> PermissionsOf(ApiKey key, Role? role)
    {
        if (role is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        return key.Store is null
            ? role.Permissions
            : new HashSet<string>(role.Permissions.Where(StoreScopedPermissions.Contains), StringComparer.Ordinal);
    }

    /// <summary>Echoed names are cut, so a 1 MB role name does not come back in a problem document.</summary>
    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
