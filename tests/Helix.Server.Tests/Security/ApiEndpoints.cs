using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Security;

/// <summary>Every endpoint the server maps, with its route and simple query parameters: what whole-API tests walk.</summary>
internal static class ApiEndpoints
{
    public static List<ApiEndpoint> Of(HelixTestServer server) =>
        server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiEndpoint(method, e.RoutePattern.RawText ?? "/", e.RoutePattern.Parameters.Select(p => p.Name).ToArray(), QueryNames(e))))
            .Distinct()
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToList();

    private static string[] QueryNames(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
            .Where(p => IsSimple(p.ParameterInfo) && endpoint.RoutePattern.GetParameter(p.Name) is null)
            .Select(p => p.Name)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static bool IsSimple(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }
}

internal sealed record ApiEndpoint(string Method, string Pattern, string[] RouteParameters, string[] QueryNames)
{
    public bool IsCollect => Pattern.StartsWith("/v1/", StringComparison.Ordinal);

    public string Path(Func<string, string> value) =>
        RouteParameters.Aggregate(Pattern, (path, name) => path.Replace("{" + name + "}", value(name), StringComparison.Ordinal));

    public override string ToString() => $"{Method} {Pattern}";

    public bool Equals(ApiEndpoint? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
