namespace Helix.Core.Commerce;

/// <summary>One valid order line, its values parsed.</summary>
/// <param name="Quantity">As the file has it: negative for a returned item.</param>
internal sealed record OrderLine(
    long Row,
    DateTimeOffset At,
    decimal Quantity,
    decimal UnitPrice,
    string? ProductId,
    string? Sku,
    string? Name,
    string? Category,
    string? Brand);
