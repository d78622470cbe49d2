namespace Helix.Core.Audiences.Exports;

/// <summary>Why an input row was not exported; the summary counts each (wire names from <see cref="WireNames"/>).</summary>
public enum ExportSkipReason
{
    /// <summary>The consent check refused the person for this export's purpose.</summary>
    NoConsent,

    /// <summary>The row had no value for the identifier.</summary>
    Missing,

    /// <summary>The value is not a valid identifier of its type (a landline, a short number, not hex, two <c>@</c>).</summary>
    Invalid,

    /// <summary>An all-zero device id: the user limited ad tracking, so the id matches nobody (or everybody).</summary>
    ZeroDeviceId,

    /// <summary>The value normalised to one already exported.</summary>
    Duplicate,
}
