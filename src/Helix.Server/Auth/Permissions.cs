using System.Security.Claims;
using Helix.Core.Access;

namespace Helix.Server.Auth;

/// <summary>
/// One authorization policy per permission: an endpoint says <c>.RequirePermission(Permission.SegmentsWrite)</c>
/// and a key whose role lacks it gets a 403 problem naming the permission.
/// </summary>
internal static class Permissions
{
    public const string Claim = "helix:permission";

    public static IServiceCollection AddHelixAuthorization(this IServiceCollection services) =>
        services.AddAuthorization(options =>
        {
            foreach (var permission in Permission.All)
            {
                options.AddPolicy(permission, policy => policy
                    .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireClaim(Claim, permission));
            }
        });

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        Permission.IsKnown(permission)
            ? builder.RequireAuthorization(permission)
            : throw new ArgumentException($"Unknown permission '{permission}'.", nameof(permission));

    public static bool Has(this ClaimsPrincipal user, string permission) => user.HasClaim(Claim, permission);

    public static IEnumerable<Claim> ClaimsOf(Role role) => role.Permissions.Select(p => new Claim(Claim, p));
}
