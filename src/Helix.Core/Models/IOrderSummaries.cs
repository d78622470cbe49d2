using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Models;

/// <summary>One person's orders up to a date, net of refunds: what RFM scores.</summary>
public sealed record OrderSummary(PersonId Person, DateTimeOffset LastOrder, long Orders, double Revenue);

/// <summary>When a person was first seen, and their last order, if any (what the lifecycle stage needs).</summary>
public sealed record PersonActivity(PersonId Person, DateTimeOffset FirstSeen, DateTimeOffset? LastOrder);

/// <summary>A person's engagement over a window (what the AIPL stage needs).</summary>
public sealed record PersonEngagement(PersonId Person, Engagement Engagement);

/// <summary>One order of a person.</summary>
public sealed record PersonOrder(PersonId Person, DateTimeOffset At, double Revenue);

/// <summary>Reads orders and per-person order summaries from the stored events. Scoped to one workspace.</summary>
public interface IOrderSummaries
{
    /// <summary>Every person of the workspace with their first-seen time and last order up to <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<PersonActivity>> ActivityAsync(WorkspaceId workspace, string orderEvent, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Every person with an event in (<paramref name="since"/>, <paramref name="asOf"/>]: their events, interest events and orders in it.</summary>
    Task<IReadOnlyList<PersonEngagement>> EngagementAsync(
        WorkspaceId workspace, string orderEvent, IReadOnlyList<string> interestEvents, DateTimeOffset since, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Every order up to <paramref name="asOf"/>, by person then time.</summary>
    Task<IReadOnlyList<PersonOrder>> OrdersAsync(
        WorkspaceId workspace, string orderEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <param name="orderEvent">The track event that is an order (<c>Order Completed</c>).</param>
    /// <param name="refundEvent">The track event that is a refund (<c>Order Refunded</c>): its value is subtracted from the person's revenue.</param>
    /// <param name="revenueProperty">The property holding an order's or refund's value; a missing or non-numeric value counts as 0.</param>
    Task<IReadOnlyList<OrderSummary>> OrderSummariesAsync(
        WorkspaceId workspace, string orderEvent, string refundEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default);
}
