namespace Helix.Core.Identity;

/// <summary>
/// The windowed fan-out rule as a workspace writes it: <c>quarantine: {maxMerges: 20, window: 1d}</c>.
/// Unset fields keep the default (<see cref="MergeFanOutLimit.Default"/>); <c>maxMerges: 0</c> turns the rule off.
/// </summary>
public sealed class QuarantineSpec
{
    /// <summary>More merges than this into one person within <see cref="Window"/> quarantine it.</summary>
    public int? MaxMerges { get; set; }

    /// <summary>A duration such as <c>1d</c>, <c>12h</c>, <c>30m</c>.</summary>
    public string? Window { get; set; }
}
