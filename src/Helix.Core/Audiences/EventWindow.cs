namespace Helix.Core.Audiences;

/// <summary>
/// When an event condition's events must have happened: <see cref="RelativeWindow"/> (<c>within 30d</c>, the
/// last days or hours up to now) or <see cref="DateWindow"/> (<c>between 2026-01-01 and 2026-01-31</c>,
/// <c>since 2026-01-01</c>: calendar days in workspace time). No window means all history.
/// </summary>
public abstract record EventWindow
{
    /// <summary>
    /// The instants the window covers when evaluated at <paramref name="now"/>: from <c>From</c> (inclusive) to
    /// <c>Until</c> (exclusive); <c>Until</c> is null when the window runs up to now. Pure: the caller passes the time.
    /// </summary>
    public abstract (DateTimeOffset From, DateTimeOffset? Until) Bounds(DateTimeOffset now);
}
