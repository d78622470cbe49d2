using Helix.Server.Problems;

namespace Helix.Server.Models;

/// <summary>The query parameters the order-based models share: which event is an order, which property its value, and up to when.</summary>
internal sealed record OrderQuery(string Event, string Revenue, DateTimeOffset AsOf, int Sample)
{
    public const int MaxSample = 1_000;

    public static (OrderQuery? Query, IResult? Problem) Parse(string? @event, string? revenue, DateTimeOffset? asOf, int? sample, TimeProvider time)
    {
        var query = new OrderQuery(@event ?? "Order Completed", revenue ?? "revenue", asOf ?? time.GetUtcNow(), sample ?? 20);
        return query switch
        {
            { Event.Length: 0 or > 200 } => (null, ProblemResults.Field("event", "is an event name of 1 to 200 characters")),
            { Revenue.Length: 0 or > 200 } => (null, ProblemResults.Field("revenue", "is a property name of 1 to 200 characters")),
            { Sample: < 0 or > MaxSample } => (null, ProblemResults.Field("sample", $"must be between 0 and {MaxSample}")),
            _ => (query, null),
        };
    }
}
