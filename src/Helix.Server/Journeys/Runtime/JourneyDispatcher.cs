using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Privacy.Consent;

namespace Helix.Server.Journeys.Runtime;

/// <summary>
/// Performs the outbox: each due delivery is checked against the person's consent (messages only), handed to its
/// connector with its idempotency key, and its outcome recorded — delivered, retried with back-off, or dead-lettered.
/// A crash after a connector acted but before the outcome was recorded repeats the delivery with the same key, which
/// the receiver (or, for Helix's own actions, the log's message-id deduplication) recognises.
/// </summary>
public sealed partial class JourneyDispatcher(
    IJourneyOutbox outbox, IJourneyRecipients recipients, IEnumerable<IJourneyConnector> connectors, IServiceProvider services, JourneyCatalog catalog,
    JourneySignals signals, HelixServerOptions options, ILogger<JourneyDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 1024;
    public const int MaxAttempts = 8;
    private const int Parallelism = 16;

    // Batches never overlap: two would read the same due rows and both deliver them.
    private readonly SemaphoreSlim _batch = new(1, 1);
    // The last registered connector of a name wins: a host (or a test) may replace a built-in one.
    private readonly Dictionary<string, IJourneyConnector> _connectors = connectors.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

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

        var pressure = new Dictionary<Helix.Core.Workspaces.WorkspaceId, MarketingPressure>();
        foreach (var workspace in due.Select(d => d.Workspace).Distinct())
        {
            var json = await outbox.MarketingPressureAsync(workspace, cancellationToken);
            pressure[workspace] = json is null ? MarketingPressure.None : MarketingPressure.Parse(JsonElement.Parse(json)).Pressure ?? MarketingPressure.None;
        }

        // What every check needs, for the whole batch at once; consents and past sends only when some delivery is checked against them.
        var consents = due.Any(d => Topic(d) is not null);
        var limited = due.Any(d => Kind(d)?.Consent?.Channel is { } channel && pressure[d.Workspace] is var p && (p.Fatigue is not null || p.Channels.ContainsKey(channel)));
        var people = await recipients.RecipientsAsync([.. due.Select(d => (d.Workspace, d.Person)).Distinct()], consents, limited, options.TimeProvider.GetUtcNow(), cancellationToken);

        // One person's deliveries go one after another, so a limit counts the sends of this batch too; persons in parallel.
        var records = new DeliveryRecord[due.Count];
        var connections = new ConnectionCache();
        var persons = due.Select((delivery, index) => (delivery, index)).GroupBy(d => (d.delivery.Workspace, d.delivery.Person)).ToList();
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (person, ct) =>
        {
            var recipient = people[person.Key];
            var sends = new PersonSends(recipient.Sent);
            foreach (var (delivery, index) in person)
            {
                records[index] = await DeliverAsync(delivery, recipient, pressure[delivery.Workspace], sends, connections, ct);
            }
        });
        await outbox.RecordDeliveriesAsync(records, options.TimeProvider.GetUtcNow(), cancellationToken);
        return due.Count;
    }

    /// <summary>Connections looked up (and their secrets decrypted) once per batch, not once per delivery.</summary>
    private sealed class ConnectionCache : System.Collections.Concurrent.ConcurrentDictionary<(Helix.Core.Workspaces.WorkspaceId, string), Task<JourneyConnection?>>;

    /// <summary>A person's delivered sends in the last day and week (read once per batch) plus those of this batch.</summary>
    private sealed class PersonSends(IReadOnlyList<SentCount> stored)
    {
        public Dictionary<string, int> ThisBatch { get; } = new(StringComparer.Ordinal);

        public (int Day, int Week) Count(Func<string, bool> connector) =>
            (stored.Where(s => connector(s.Connector)).Sum(s => s.LastDay) + ThisBatch.Where(s => connector(s.Key)).Sum(s => s.Value),
             stored.Where(s => connector(s.Connector)).Sum(s => s.LastWeek) + ThisBatch.Where(s => connector(s.Key)).Sum(s => s.Value));
    }

    private static JourneyConnectors.Connector? Kind(JourneyDelivery delivery) => JourneyConnectors.All.GetValueOrDefault(delivery.Action.Connector);

    /// <summary>The consent topic a delivery needs: the action's own, or its connector's default for messages; null when none.</summary>
    private static ConsentTopic? Topic(JourneyDelivery delivery) => Kind(delivery) is { } kind ? delivery.Action.Consent?.Topic ?? kind.Consent : null;

    private async Task<DeliveryRecord> DeliverAsync(
        JourneyDelivery delivery, JourneyRecipient recipient, MarketingPressure pressure, PersonSends sends, ConnectionCache connections, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempt + 1;
        DeliveryRecord Record(string status, string? error = null, string? externalId = null, DateTimeOffset? dueAt = null) =>
            new(delivery.Workspace, delivery.Key, status, attempt, dueAt ?? delivery.DueAt, error, externalId);

        // A merged person's profile is their survivor's, and so are the consents and the holdout draw.
        if (recipient.Profile is not { } profile)
        {
            return Record(DeliveryStatus.Suppressed, "the person no longer exists (erased or merged away)");
        }

        var person = profile.Person;
        var kind = Kind(delivery);
        if (Topic(delivery) is { } topic && !ConsentState.Of(recipient.Consents).Allows(topic))
        {
            return Record(DeliveryStatus.Suppressed, $"no consent to {topic}");
        }

        if (kind is { IsMarketing: true } && pressure.HeldOut(delivery.Workspace, person))
        {
            return Record(DeliveryStatus.Suppressed, "global holdout");
        }

        if (kind?.Consent?.Channel is { } channel && LimitReached(channel, pressure, sends) is { } limit)
        {
            // Postponed sends keep their attempts: being capped is not a failure.
            return await catalog.VersionAsync(delivery.Workspace, delivery.Journey, delivery.Version, cancellationToken) is { Sending.WhenBlocked: BlockedSend.Postpone }
                ? Record(DeliveryStatus.Pending, $"{limit}: postponed", dueAt: options.TimeProvider.GetUtcNow().AddDays(1)) with { Attempts = delivery.Attempt }
                : Record(DeliveryStatus.Suppressed, $"{limit}: skipped");
        }

        if (!_connectors.TryGetValue(delivery.Action.Connector, out var connector))
        {
            return Record(DeliveryStatus.Dead, $"connector '{delivery.Action.Connector}' is not available on this server");
        }

        JourneyConnection? connection = null;
        if (delivery.Action.Parameters.TryGetProperty("connection", out var named) && named.ValueKind == JsonValueKind.String)
        {
            connection = services.GetService<IJourneyConnections>() is { } known
                ? await connections.GetOrAdd((delivery.Workspace, named.GetString()!), key => known.FindAsync(key.Item1, key.Item2, cancellationToken))
                : null;
            if (connection is null)
            {
                return Record(DeliveryStatus.Dead, $"no connection '{named.GetString()}' in this workspace");
            }
        }

        DeliveryOutcome outcome;
        try
        {
            outcome = await connector.DeliverAsync(new DeliveryRequest(delivery with { Person = person }, connection, profile), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A connector must return failures, not throw them; one that does is retried like a failure.
            outcome = DeliveryOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }

        if (outcome is DeliveredOutcome)
        {
            sends.ThisBatch[delivery.Action.Connector] = sends.ThisBatch.GetValueOrDefault(delivery.Action.Connector) + 1;
        }

        return outcome switch
        {
            DeliveredOutcome d => Record(DeliveryStatus.Delivered, externalId: d.ExternalId),
            FailedOutcome { Retryable: true } f when attempt < MaxAttempts => Record(DeliveryStatus.Pending, f.Error, dueAt: options.TimeProvider.GetUtcNow() + Backoff(attempt)),
            FailedOutcome f => Record(DeliveryStatus.Dead, f.Error),
            _ => Record(DeliveryStatus.Dead, "unknown outcome"),
        };
    }

    /// <summary>The limit a message would exceed (the workspace's fatigue limit over every channel, or its channel's limit); null when it may go.</summary>
    private static string? LimitReached(string channel, MarketingPressure pressure, PersonSends sends)
    {
        var channelLimit = pressure.Channels.GetValueOrDefault(channel);
        if (pressure.Fatigue is null && channelLimit is null)
        {
            return null;
        }

        var (day, week) = sends.Count(c => JourneyConnectors.All.GetValueOrDefault(c)?.IsMessage == true);
        if (pressure.Fatigue is { } fatigue && !fatigue.Allows(day, week))
        {
            return "fatigue limit";
        }

        var (channelDay, channelWeek) = sends.Count(c => JourneyConnectors.All.GetValueOrDefault(c)?.Consent?.Channel == channel);
        return channelLimit is { } limit && !limit.Allows(channelDay, channelWeek) ? $"{channel} limit" : null;
    }

    /// <summary>2, 4, 8 … seconds after the n-th failure, at most an hour: eight attempts span about four minutes.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempt)));

    [LoggerMessage(Level = LogLevel.Error, Message = "A journey delivery batch failed; it will be retried")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
