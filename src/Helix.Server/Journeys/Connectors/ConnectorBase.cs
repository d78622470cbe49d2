using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// What every connector with a connection does around its send: refuse a missing or mismatched connection, keep to the
/// connection's rate, and turn a template that cannot be rendered into a refusal. Never throws for a failed delivery;
/// cancellation of <c>cancellationToken</c> (the server stopping) is thrown.
/// </summary>
internal abstract class ConnectorBase(ConnectionRateLimits limits) : IJourneyConnector
{
    public abstract string Name { get; }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        if (request.Connection is not { } connection)
        {
            return DeliveryOutcome.Reject($"The {Name} action names no connection that exists.");
        }

        if (connection.Connector != Name)
        {
            return DeliveryOutcome.Reject($"Connection '{connection.Name}' is for {connection.Connector}, not {Name}.");
        }

        try
        {
            if (!await limits.WaitAsync(request.Delivery.Workspace, connection, cancellationToken))
            {
                return DeliveryOutcome.Retry($"Connection '{connection.Name}' is at its ratePerSecond; waited {limits.MaxWait.TotalSeconds:0}s.");
            }

            return await SendAsync(request, connection, cancellationToken);
        }
        catch (TemplateException e)
        {
            return DeliveryOutcome.Reject(e.Message);
        }
    }

    protected abstract Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken);

    /// <summary>A string parameter of the action, or null.</summary>
    protected static string? Parameter(DeliveryRequest request, string name) =>
        request.Delivery.Action.Parameters.ValueKind == JsonValueKind.Object
        && request.Delivery.Action.Parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A string setting of the connection, or null.</summary>
    protected static string? Setting(JourneyConnection connection, string name) =>
        connection.Settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The rendered text of a template parameter (empty when the action leaves it out).</summary>
    /// <exception cref="TemplateException">It does not parse or cannot be rendered.</exception>
    protected static string Render(DeliveryRequest request, string parameter, TemplateModel model, bool html = false) =>
        Parameter(request, parameter) is { } text ? MessageTemplate.Render(text, model, html) : "";
}
