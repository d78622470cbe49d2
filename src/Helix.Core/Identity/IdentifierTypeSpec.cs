namespace Helix.Core.Identity;

/// <summary>
/// One identifier type as a workspace writes it (JSON or YAML). Unset fields keep the built-in
/// type's value, or the custom-type default (exact match, priority 100, no limit).
/// </summary>
public sealed class IdentifierTypeSpec
{
    public string? Name { get; set; }

    /// <summary>1 is strongest.</summary>
    public int? Priority { get; set; }

    /// <summary>At most this many values per person; 0 removes the limit.</summary>
    public int? MaxPerPerson { get; set; }

    /// <summary>The limit counts only values first seen within this window, e.g. <c>7d</c>, <c>12h</c>, <c>30m</c>.</summary>
    public string? Window { get; set; }

    /// <summary><c>trim</c>, <c>phone</c>, <c>email</c> or <c>uppercase</c>.</summary>
    public string? Normalization { get; set; }

    public bool? RequiresTrustedSource { get; set; }

    /// <summary>Values are qualified by the app or corp that issued them (<c>wx123/oABC</c>).</summary>
    public bool? Scoped { get; set; }

    public List<string>? BlockedValues { get; set; }

    /// <summary>.NET regular expressions, run without backtracking (so no pattern can stall the pipeline).</summary>
    public List<string>? BlockedPatterns { get; set; }
}
