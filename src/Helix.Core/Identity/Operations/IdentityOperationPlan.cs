using Helix.Core.Profiles;

namespace Helix.Core.Identity.Operations;

/// <summary>
/// What <see cref="Profiles.ProfileGraph.Plan"/> decided: the persons to resolve again from their events,
/// or why the operation changes nothing.
/// </summary>
public sealed record IdentityOperationPlan(string? Rejection, IReadOnlyList<PersonOutline> Persons)
{
    /// <summary>A merge operation: the person the two became. Nothing is resolved again; <see cref="Merges"/> say what moved.</summary>
    public PersonOutline? Joined { get; init; }

    public IReadOnlyList<PersonMerge> Merges { get; init; } = [];

    public static IdentityOperationPlan Reject(string reason) => new(reason, []);
}
