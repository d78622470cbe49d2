using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// The states of an outbox row: <c>pending</c> (due at its time, or retried after a failure), <c>delivered</c>,
/// <c>dead</c> (refused for good, or out of attempts: the dead-letter list), <c>withheld</c> (the person is in the
/// journey's holdout), <c>suppressed</c> (no consent, capped, in the global holdout, or the person is gone).
/// </summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
    public const string Withheld = "withheld";
    public const string Suppressed = "suppressed";
}

/// <summary>What became of a delivery attempt, to record on its outbox row.</summary>
public sealed record DeliveryRecord(WorkspaceId Workspace, string Key, string Status, int Attempts, DateTimeOffset DueAt, string? Error, string? ExternalId);

/// <summary>The journey outbox as the dispatcher uses it.</summary>
public interface IJourneyOutbox
{
    /// <summary>Pending deliveries due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<JourneyDelivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task RecordDeliveriesAsync(IReadOnlyList<DeliveryRecord> records, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The workspace's limits across journeys (<see cref="MarketingPressure"/> as JSON); null when never set.</summary>
    Task<string?> MarketingPressureAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task SaveMarketingPressureAsync(WorkspaceId workspace, string json, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A person's delivered sends through one connector, over all journeys, in the last 24 hours and 7 days.</summary>
public sealed record SentCount(string Connector, int LastDay, int LastWeek);
