namespace Helix.Core.Models;

/// <summary>A customer's scores and group, in the order the observations were given.</summary>
public readonly record struct RfmAssignment(RfmScore Score, RfmGroup Group);
