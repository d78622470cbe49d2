using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>A person a delivery goes to, as stored now.</summary>
/// <param name="Profile">Their profile, or their merge survivor's when they were merged away; null when gone (erased, or merged into someone gone).</param>
/// <param name="Consents">The consent statements of the person the profile belongs to (empty unless asked for).</param>
/// <param name="Sent">Delivered sends to the person id the deliveries name, per connector (empty unless asked for).</param>
public sealed record JourneyRecipient(DeliveryProfile? Profile, IReadOnlyList<ConsentStatement> Consents, IReadOnlyList<SentCount> Sent)
{
    public static JourneyRecipient Gone { get; } = new(null, [], []);
}

/// <summary>
/// Everything the dispatcher decides a batch of deliveries on, read for the whole batch at once: one query per kind of
/// fact for every person of the batch, instead of several per delivery.
/// </summary>
public interface IJourneyRecipients
{
    /// <param name="persons">The persons the deliveries name.</param>
    /// <param name="consents">Also read each one's consent statements.</param>
    /// <param name="sent">Also count each one's delivered sends in the 24 hours and the 7 days before <paramref name="now"/>.</param>
    /// <returns>Every person asked for; <see cref="JourneyRecipient.Gone"/> for those whose profile is gone.</returns>
    Task<IReadOnlyDictionary<(WorkspaceId Workspace, PersonId Person), JourneyRecipient>> RecipientsAsync(
        IReadOnlyCollection<(WorkspaceId Workspace, PersonId Person)> persons, bool consents, bool sent, DateTimeOffset now, CancellationToken cancellationToken = default);
}
