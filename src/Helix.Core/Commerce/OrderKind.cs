namespace Helix.Core.Commerce;

/// <summary>What an imported order becomes: a purchase or a refund of one.</summary>
public enum OrderKind
{
    Completed,
    Refunded,
}
