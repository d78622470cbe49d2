namespace Helix.Core.Commerce;

/// <summary>
/// An order that was not imported, with every one of its rows: one bad line rejects the whole order, so
/// an order is never half imported. <see cref="OrderId"/> is null for a row whose order id is missing.
/// </summary>
public sealed record RejectedOrder(string? OrderId, IReadOnlyList<long> Rows, IReadOnlyList<RowError> Errors);
