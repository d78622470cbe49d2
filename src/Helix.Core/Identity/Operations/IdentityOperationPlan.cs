namespace Helix.Core.Identity.Operations;

/// <summary>
/// What <see cref="Profiles.ProfileGraph.Plan"/> decided: the persons to resolve again from their events,
/// or why the operation changes nothing.
/// </summary>
public sealed record IdentityOperationPlan(string? Rejection, IReadOnlyList<PersonOutline> Persons)
{
    public static IdentityOperationPlan Reject(string reason) => new(reason, []);
}
