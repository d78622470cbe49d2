namespace Helix.Server.Audit;

/// <summary>
/// Which requests the audit log records, decided here and nowhere else: every management action (POST, PUT, PATCH,
/// DELETE) under <c>/api/v1/</c>, and every GET that reads personal data. Each GET of the API must be in exactly one
/// of <see cref="PersonalDataReads"/> and <see cref="OtherReads"/> (AuditedRoutesTests walks every endpoint), so a
/// new endpoint cannot escape the audit unnoticed. Collect endpoints (<c>/v1/</c>, write keys) are not audited.
/// </summary>
internal static class AuditedRoutes
{
    public const string ApiPrefix = "/api/v1/";

    /// <summary>
    /// Route patterns (as <c>RoutePattern.RawText</c>, without a trailing slash) of reads that are recorded; a
    /// trailing <c>/**</c> covers the route and everything under it, so new reads there are recorded by default.
    /// </summary>
    public static readonly IReadOnlyList<string> PersonalDataReads =
    [
        "/api/v1/profiles/**", // profiles, identifiers, timelines and identity graphs
        "/api/v1/guide/**", // the member card
        "/api/v1/identity/**", // identifiers in operations, quarantined messages, match evidence
        "/api/v1/segments/{name}/members",
        "/api/v1/segments/{name}/history", // who entered and left, when
        "/api/v1/segments/{name}/export.csv",
        "/api/v1/segments/{name}/export/**",
        "/api/v1/models/**", // samples of persons with their orders and revenue
        "/api/v1/privacy/**", // erasure receipts and consents name persons
        "/api/v1/audit/**", // who read whom, from which address
        "/api/v1/journeys/{name}/deliveries", // each action names its person
        "/api/v1/access/keys", // key names name people, and who listed the keys matters
    ];

    /// <summary>
    /// Reads of definitions, counts and settings that show no person: not recorded. Exact patterns only, no
    /// <c>/**</c>, so a personal read added beside them has to be classified by whoever adds it.
    /// </summary>
    public static readonly IReadOnlyList<string> OtherReads =
    [
        "/api/v1/sources",
        "/api/v1/tags",
        "/api/v1/tags/{name}",
        "/api/v1/tags/proposals",
        "/api/v1/tags/models/runs",
        "/api/v1/tags/models/runs/{id}",
        "/api/v1/computed-traits",
        "/api/v1/profile-definitions",
        "/api/v1/profile-definitions/versions",
        "/api/v1/segments",
        "/api/v1/segments/{name}",
        "/api/v1/segments/{name}/runs",
        "/api/v1/journeys",
        "/api/v1/journeys/{name}",
        "/api/v1/journeys/{name}/statistics",
        "/api/v1/journey-settings",
        "/api/v1/connections", // settings and secret names, never secrets
        "/api/v1/connections/{name}",
        "/api/v1/access/roles",
        "/api/v1/access/roles/{name}",
    ];

    /// <param name="pattern">The matched endpoint's route pattern; null when no endpoint matched.</param>
    /// <param name="path">The request path, which decides only whether an unmatched request was an API call.</param>
    /// <returns>The action to record (<c>GET /api/v1/profiles/{personId}</c>), or null when the request is not audited.</returns>
    public static string? ActionOf(string method, string? pattern, string path)
    {
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (pattern is null)
        {
            // A management call to no route changes nothing, but someone tried it.
            return !isRead && !HttpMethods.IsOptions(method) && path.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase)
                ? $"{method} (no route)"
                : null;
        }

        var route = Normalize(pattern);
        if (!route.StartsWith(ApiPrefix, StringComparison.Ordinal) || HttpMethods.IsOptions(method))
        {
            return null;
        }

        return !isRead || IsPersonalDataRead(route) ? $"{method} {route}" : null;
    }

    public static bool IsPersonalDataRead(string pattern) => PersonalDataReads.Any(p => Matches(p, Normalize(pattern)));

    public static bool IsOtherRead(string pattern) => OtherReads.Contains(Normalize(pattern), StringComparer.Ordinal);

    /// <summary>A group's root route reads <c>/api/v1/sources/</c>; the lists name it without the slash.</summary>
    public static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;

    private static bool Matches(string listed, string route) =>
        listed.EndsWith("/**", StringComparison.Ordinal)
            ? route == listed[..^3] || route.StartsWith(listed[..^2], StringComparison.Ordinal)
            : route == listed;
}
