using System.Globalization;

namespace Helix.Core.Collect;

/// <summary>Timestamp rules of the Segment spec.</summary>
public static class Timestamps
{
    /// <summary>
    /// The event time. With <c>sentAt</c> present, the client's clock skew is removed:
    /// <c>timestamp = receivedAt − (sentAt − clientTimestamp)</c>, exactly as Segment does, which also
    /// leaves a historical import (old timestamp, sentAt ≈ now) at its historical time. Without
    /// <c>sentAt</c> the client's timestamp is taken as is; without any, the time of receipt.
    /// </summary>
    public static DateTimeOffset Corrected(DateTimeOffset? clientTimestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        if (clientTimestamp is not { } client)
        {
            return receivedAt;
        }

        return sentAt is { } sent ? receivedAt - (sent - client) : client;
    }

    /// <summary>ISO-8601 with an offset or 'Z'; a time without an offset is read as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out value)
        && text!.Length >= 10;
}
