using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// One action to perform for one person, as the journey runtime stored it in its outbox before performing it.
/// <see cref="Key"/> is the same on every attempt (journey, person, entry and step): connectors pass it on as an
/// idempotency key, so a retry after a crash between sending and recording the send is recognised by the receiver.
/// </summary>
public sealed record JourneyDelivery(
    WorkspaceId Workspace,
    string Key,
    string Journey,
    int Version,
    PersonId Person,
    string Step,
    JourneyAction Action,
    DateTimeOffset DueAt,
    int Attempt);

/// <summary>What a connector needs to perform a delivery: the action, the connection it names (null for connectors without one) and the person now.</summary>
public sealed record DeliveryRequest(JourneyDelivery Delivery, JourneyConnection? Connection, DeliveryProfile Profile);

/// <summary>
/// The person a message goes to, as stored now: traits for templates, and the identifiers a channel addresses
/// (<c>phone</c>, <c>email</c>, <c>wechat_openid</c>…), by identifier type.
/// </summary>
public sealed record DeliveryProfile(PersonId Person, System.Text.Json.JsonElement Traits, IReadOnlyDictionary<string, IReadOnlyList<string>> Identifiers)
{
    public string? Identifier(string type) => Identifiers.TryGetValue(type, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>A stored profile as a delivery sees it.</summary>
    public static DeliveryProfile Of(ProfileView profile) => new(
        profile.PersonId,
        System.Text.Json.JsonSerializer.SerializeToElement(profile.Traits),
        profile.Identifiers.GroupBy(i => i.Identifier.Type).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(i => i.Identifier.Value)]));
}

/// <summary>How a delivery ended: done (with the receiver's id when it gives one), failed for now (retried with back-off), or refused for good.</summary>
public abstract record DeliveryOutcome
{
    public static DeliveryOutcome Delivered(string? externalId = null) => new DeliveredOutcome(externalId);

    public static DeliveryOutcome Retry(string error) => new FailedOutcome(error, Retryable: true);

    public static DeliveryOutcome Reject(string error) => new FailedOutcome(error, Retryable: false);
}

public sealed record DeliveredOutcome(string? ExternalId) : DeliveryOutcome;

/// <param name="Retryable">False when trying again cannot help (a bad template, no address for the person, a 4xx other than 429).</param>
public sealed record FailedOutcome(string Error, bool Retryable) : DeliveryOutcome;

/// <summary>
/// Performs one kind of action (<see cref="Name"/> is the connector's name in <see cref="JourneyConnectors.All"/>).
/// Must not throw for a failed delivery: it returns the outcome, and the runtime retries or dead-letters it.
/// </summary>
public interface IJourneyConnector
{
    string Name { get; }

    Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);
}
