using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// The endpoints journeys send through (docs/connectors.md): an SMTP server, an SMS gateway, a WeChat account. Secrets
/// go in and are never given back: reads show their names only.
/// </summary>
public static class ConnectionsApi
{
    public static IEndpointRouteBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/connections").WithTags("Journeys");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.ConnectionsRead)
            .WithSummary("Every connection: connector, settings and the names of its secrets")
            .Produces<IReadOnlyList<ConnectionResponse>>();
        group.MapGet("/{name}", GetAsync)
            .RequirePermission(Permission.ConnectionsRead)
            .WithSummary("A connection: connector, settings and the names of its secrets (never their values)")
            .Produces<ConnectionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync)
            .RequirePermission(Permission.ConnectionsWrite)
            .WithSummary("Creates or replaces a connection: {connector, settings: {…}, secrets: {…}}; a secret left out keeps its stored value; 400 names each bad field")
            .Produces<ConnectionResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{name}", DeleteAsync)
            .RequirePermission(Permission.ConnectionsWrite)
            .WithSummary("Deletes a connection; journeys naming it fail their sends until one of that name exists again")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record ConnectionResponse(string Name, string Connector, JsonElement Settings, IReadOnlyList<string> Secrets, DateTimeOffset UpdatedAt);

    private static async Task<IResult> ListAsync(HttpContext context, IConnectionStore store) =>
        Results.Ok((await store.ListConnectionsAsync(context.User.Workspace(), context.RequestAborted)).Select(Response).ToList());

    private static async Task<IResult> GetAsync(string name, HttpContext context, IConnectionStore store) =>
        await store.GetConnectionAsync(context.User.Workspace(), name, context.RequestAborted) is { } stored
            ? Results.Ok(Response(stored))
            : ProblemResults.NotFound($"No connection '{name}'.");

    private static async Task<IResult> PutAsync(string name, HttpContext context, IConnectionStore store, JourneyConnections connections, TimeProvider time)
    {
        if (!TagSpec.IsValidName(name))
        {
            return ProblemResults.Field("name", "is lower-case snake case starting with a letter, at most 64 characters");
        }

        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var workspace = context.User.Workspace();
        var stored = await store.GetConnectionAsync(workspace, name, context.RequestAborted);
        var (connection, errors) = ConnectionSpec.Parse(name, request, stored is null ? null : connections.Open(workspace, stored));
        if (connection is null)
        {
            return ProblemResults.Invalid("Invalid connection", errors);
        }

        var sealedConnection = connections.Seal(workspace, connection, time.GetUtcNow());
        await store.PutConnectionAsync(workspace, sealedConnection, context.RequestAborted);
        return Results.Ok(Response(sealedConnection));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, IConnectionStore store) =>
        await store.DeleteConnectionAsync(context.User.Workspace(), name, context.RequestAborted)
            ? Results.NoContent()
            : ProblemResults.NotFound($"No connection '{name}'.");

    private static ConnectionResponse Response(StoredConnection stored)
    {
        using var settings = JsonDocument.Parse(stored.Settings);
        return new ConnectionResponse(stored.Name, stored.Connector, settings.RootElement.Clone(), stored.SecretNames, stored.UpdatedAt);
    }
}
