using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Models;

/// <summary>One person's orders up to a date: what RFM scores.</summary>
public sealed record OrderSummary(PersonId Person, DateTimeOffset LastOrder, long Orders, double Revenue);

/// <summary>One order of a person.</summary>
public sealed record PersonOrder(PersonId Person, DateTimeOffset At, double Revenue);

/// <summary>Reads orders and per-person order summaries from the stored events. Scoped to one workspace.</summary>
public interface IOrderSummaries
{
    /// <summary>Every order up to <paramref name="asOf"/>, by person then time.</summary>
    Task<IReadOnlyList<PersonOrder>> OrdersAsync(
        WorkspaceId workspace, string orderEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <param name="orderEvent">The track event that is an order (<c>Order Completed</c>).</param>
    /// <param name="revenueProperty">The property holding its value; a missing or non-numeric value counts as 0.</param>
    Task<IReadOnlyList<OrderSummary>> OrderSummariesAsync(
        WorkspaceId workspace, string orderEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default);
}
