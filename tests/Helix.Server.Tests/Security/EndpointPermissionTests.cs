using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Core.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Security;

/// <summary>
/// Every management endpoint names exactly one permission (docs/access.md), and the roles that lack it are refused:
/// a read-only or analyst key can change nothing, whichever endpoint it tries, and a guide key only completes its tasks.
/// </summary>
public sealed class EndpointPermissionTests : IAsyncLifetime
{
    /// <summary>Writes a read-only key may make: flushing the pipeline only waits for acknowledged events.</summary>
    private static readonly HashSet<string> ReadOnlyWrites = ["POST /api/v1/pipeline/flush"];

    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();


    [Fact]
    public void EveryApiEndpoint_RequiresExactlyOneKnownPermission_OrIsPublicOnPurpose()
    {
        var endpoints = _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        var wrong = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => (Route: e.RoutePattern.RawText, Policies: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList()))
            .Where(e => e.Policies.Count != 1 || e.Policies[0] is not { } policy || !Permission.IsKnown(policy))
            .Select(e => $"{e.Route}: [{string.Join(", ", e.Policies)}]")
            .ToList();
        Assert.True(wrong.Count == 0, "Endpoints without exactly one permission:\n" + string.Join("\n", wrong));
    }

    [Theory]
    [InlineData(Role.ReadOnly, new string[0])]
    [InlineData(Role.Analyst, new[] { "POST /api/v1/analytics/" })]
    [InlineData(Role.Guide, new[] { "POST /api/v1/guide/tasks/" })]
    public async Task ReadingRoles_AreRefusedEveryWrite(string role, string[] allowedPrefixes)
    {
        using var issued = await _server.Admin.PostAsync("/api/v1/access/keys", HttpJson.Body($$"""{"name": "walker", "role": "{{role}}"}"""));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("key").GetString());

        var writes = ApiEndpoints.Of(_server)
            .Where(e => e.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && e.Method is not ("GET" or "HEAD" or "OPTIONS"))
            .Where(e => !ReadOnlyWrites.Contains(e.ToString()) && !allowedPrefixes.Any(p => e.ToString().StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(writes.Count > 30, $"only {writes.Count} write endpoints found");

        var admitted = new List<string>();
        foreach (var endpoint in writes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path(_ => "x")) { Content = HttpJson.Body("{}") };
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                admitted.Add($"{endpoint}: {(int)response.StatusCode}");
                continue;
            }

            var problem = await response.ReadJsonAsync();
            Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        }

        Assert.True(admitted.Count == 0, $"{role} key was not refused:\n" + string.Join("\n", admitted));
    }
}
