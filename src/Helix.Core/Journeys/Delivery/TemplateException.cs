namespace Helix.Core.Journeys.Delivery;

/// <summary>A template that does not parse or cannot be rendered: a delivery with it is refused, not retried.</summary>
public sealed class TemplateException(string message, Exception? inner = null) : Exception(message, inner);
