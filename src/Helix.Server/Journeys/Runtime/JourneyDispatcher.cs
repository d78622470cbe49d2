using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;

namespace Helix.Server.Journeys.Runtime;

/// <summary>
/// Performs the outbox: each due delivery is checked against the person's consent (messages only), handed to its
/// connector with its idempotency key, and its outcome recorded — delivered, retried with back-off, or dead-lettered.
/// A crash after a connector acted but before the outcome was recorded repeats the delivery with the same key, which
/// the receiver (or, for Helix's own actions, the log's message-id deduplication) recognises.
/// </summary>
public sealed partial class JourneyDispatcher(
    IJourneyOutbox outbox, IEnumerable<IJourneyConnector> connectors, IServiceProvider services, IProfileReader profiles, IConsentStore consents,
    JourneySignals signals, HelixServerOptions options, ILogger<JourneyDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 256;
    public const int MaxAttempts = 8;
    private const int Parallelism = 16;

    // Batches never overlap: two would read the same due rows and both deliver them.
    private readonly SemaphoreSlim _batch = new(1, 1);
    private readonly Dictionary<string, IJourneyConnector> _connectors = connectors.ToDictionary(c => c.Name, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                count = await DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDispatchFailed(logger, e);
            }

            if (count < BatchSize)
            {
                var idle = System.Diagnostics.Stopwatch.StartNew();
                while (idle.Elapsed < options.JourneyRoundInterval && !signals.TakeOutboxFilled())
                {
                    await Task.Delay(JourneySignals.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    /// <summary>Performs one batch of due deliveries; returns how many.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await _batch.WaitAsync(cancellationToken);
        try
        {
            return await DispatchBatchAsync(cancellationToken);
        }
        finally
        {
            _batch.Release();
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.DueDeliveriesAsync(options.TimeProvider.GetUtcNow(), BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var records = new DeliveryRecord[due.Count];
        await Parallel.ForAsync(0, due.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => records[i] = await DeliverAsync(due[i], ct));
        await outbox.RecordDeliveriesAsync(records, options.TimeProvider.GetUtcNow(), cancellationToken);
        return due.Count;
    }

    private async Task<DeliveryRecord> DeliverAsync(JourneyDelivery delivery, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempt + 1;
        DeliveryRecord Record(string status, string? error = null, string? externalId = null, DateTimeOffset? dueAt = null) =>
            new(delivery.Workspace, delivery.Key, status, attempt, dueAt ?? delivery.DueAt, error, externalId);

        var person = await profiles.SurvivorOfAsync(delivery.Workspace, delivery.Person, cancellationToken) ?? delivery.Person;
        if (await profiles.GetProfileAsync(delivery.Workspace, person, cancellationToken) is not { } profile)
        {
            return Record(DeliveryStatus.Suppressed, "the person no longer exists (erased or merged away)");
        }

        if (JourneyConnectors.All.TryGetValue(delivery.Action.Connector, out var kind) && (delivery.Action.Consent?.Topic ?? kind.Consent) is { } topic
            && !ConsentState.Of(await consents.ConsentStatementsAsync(delivery.Workspace, person, cancellationToken)).Allows(topic))
        {
            return Record(DeliveryStatus.Suppressed, $"no consent to {topic}");
        }

        if (!_connectors.TryGetValue(delivery.Action.Connector, out var connector))
        {
            return Record(DeliveryStatus.Dead, $"connector '{delivery.Action.Connector}' is not available on this server");
        }

        JourneyConnection? connection = null;
        if (delivery.Action.Parameters.TryGetProperty("connection", out var named) && named.ValueKind == JsonValueKind.String)
        {
            connection = services.GetService<IJourneyConnections>() is { } known ? await known.FindAsync(delivery.Workspace, named.GetString()!, cancellationToken) : null;
            if (connection is null)
            {
                return Record(DeliveryStatus.Dead, $"no connection '{named.GetString()}' in this workspace");
            }
        }

        DeliveryOutcome outcome;
        try
        {
            outcome = await connector.DeliverAsync(new DeliveryRequest(delivery with { Person = person }, connection, Profile(profile)), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A connector must return failures, not throw them; one that does is retried like a failure.
            outcome = DeliveryOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }

        return outcome switch
        {
            DeliveredOutcome d => Record(DeliveryStatus.Delivered, externalId: d.ExternalId),
            FailedOutcome { Retryable: true } f when attempt < MaxAttempts => Record(DeliveryStatus.Pending, f.Error, dueAt: options.TimeProvider.GetUtcNow() + Backoff(attempt)),
            FailedOutcome f => Record(DeliveryStatus.Dead, f.Error),
            _ => Record(DeliveryStatus.Dead, "unknown outcome"),
        };
    }

    /// <summary>2, 4, 8 … seconds after the n-th failure, at most an hour: eight attempts span about four minutes.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempt)));

    private static DeliveryProfile Profile(ProfileView profile) => new(
        profile.PersonId,
        JsonSerializer.SerializeToElement(profile.Traits),
        profile.Identifiers.GroupBy(i => i.Identifier.Type).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(i => i.Identifier.Value)]));

    [LoggerMessage(Level = LogLevel.Error, Message = "A journey delivery batch failed; it will be retried")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
