using Helix.Server.Audit;
using Helix.Server.Tests.Security;

namespace Helix.Server.Tests.Audit;

public sealed class AuditedRoutesTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly HelixTestServer _server = shared.Server;

    [Fact]
    public void EveryApiRead_IsClassifiedExactlyOnce()
    {
        var reads = ApiEndpoints.Of(_server).Where(e => e.Method == "GET" && e.Pattern.StartsWith(AuditedRoutes.ApiPrefix, StringComparison.Ordinal)).ToList();

        var unclassified = reads.Where(e => !AuditedRoutes.IsPersonalDataRead(e.Pattern) && !AuditedRoutes.IsOtherRead(e.Pattern)).Select(e => e.Pattern);
        var both = reads.Where(e => AuditedRoutes.IsPersonalDataRead(e.Pattern) && AuditedRoutes.IsOtherRead(e.Pattern)).Select(e => e.Pattern);

        Assert.True(reads.Count > 20, $"only {reads.Count} API reads found");
        Assert.True(!unclassified.Any(), "Add these GET routes to AuditedRoutes.PersonalDataReads or OtherReads: " + string.Join(", ", unclassified));
        Assert.Empty(both);
    }

    [Fact]
    public void EveryOtherRead_IsAnEndpoint()
    {
        // A stale entry would silently stop covering a renamed route.
        var reads = ApiEndpoints.Of(_server).Where(e => e.Method == "GET").Select(e => AuditedRoutes.Normalize(e.Pattern)).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(AuditedRoutes.OtherReads, r => !reads.Contains(r));
    }

    [Fact]
    public void EveryManagementCall_IsAudited_AndNoCollectCall()
    {
        var endpoints = ApiEndpoints.Of(_server);

        var unaudited = endpoints.Where(e => e.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !e.IsCollect
            && e.Pattern.StartsWith(AuditedRoutes.ApiPrefix, StringComparison.Ordinal)
            && AuditedRoutes.ActionOf(e.Method, e.Pattern, e.Pattern) != $"{e.Method} {AuditedRoutes.Normalize(e.Pattern)}");
        var audited = endpoints.Where(e => e.IsCollect && AuditedRoutes.ActionOf(e.Method, e.Pattern, e.Pattern) is not null);

        Assert.Empty(unaudited);
        Assert.Empty(audited);
        Assert.Contains(endpoints, e => e.IsCollect);
    }

    [Theory]
    [InlineData("GET", "/api/v1/profiles/{personId}", "/api/v1/profiles/p_1", "GET /api/v1/profiles/{personId}")]
    [InlineData("GET", "/api/v1/profiles/lookup", "/api/v1/profiles/lookup", "GET /api/v1/profiles/lookup")]
    [InlineData("GET", "/api/v1/segments/{name}/members", "/api/v1/segments/s/members", "GET /api/v1/segments/{name}/members")]
    [InlineData("GET", "/api/v1/segments/{name}/export/seed", "/api/v1/segments/s/export/seed", "GET /api/v1/segments/{name}/export/seed")]
    [InlineData("GET", "/api/v1/segments/{name}", "/api/v1/segments/s", null)]
    [InlineData("GET", "/api/v1/tags/", "/api/v1/tags/", null)]
    [InlineData("PUT", "/api/v1/profile-definitions/", "/api/v1/profile-definitions", "PUT /api/v1/profile-definitions")]
    [InlineData("DELETE", "/api/v1/segments/{name}", "/api/v1/segments/s", "DELETE /api/v1/segments/{name}")]
    [InlineData("OPTIONS", "/api/v1/segments/{name}", "/api/v1/segments/s", null)]
    [InlineData("POST", "/v1/batch", "/v1/batch", null)]
    [InlineData("GET", "/health/ready", "/health/ready", null)]
    [InlineData("DELETE", null, "/api/v1/nothing", "DELETE (no route)")]
    [InlineData("GET", null, "/api/v1/nothing", null)]
    [InlineData("POST", null, "/v1/nothing", null)]
    public void ActionOf_NamesMethodAndRoute(string method, string? pattern, string path, string? expected) =>
        Assert.Equal(expected, AuditedRoutes.ActionOf(method, pattern, path));

    [Fact]
    public void PersonalGlob_CoversTheRouteAndBelowButNotItsNeighbours()
    {
        Assert.True(AuditedRoutes.IsPersonalDataRead("/api/v1/guide/"));
        Assert.True(AuditedRoutes.IsPersonalDataRead("/api/v1/guide/members/{identifier}"));
        Assert.False(AuditedRoutes.IsPersonalDataRead("/api/v1/guides"));
    }
}
