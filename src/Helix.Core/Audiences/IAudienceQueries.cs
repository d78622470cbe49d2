using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences;

/// <summary>
/// Audience conditions over a whole workspace, evaluated in the store (DuckDB SQL). Estimates and members leave out
/// persons whose deciding <c>profiling</c> statement is a refusal: an audience built from a person's behaviour or traits
/// is profiling them (docs/privacy.md, Consent).
/// </summary>
public interface IAudienceQueries
{
    /// <summary>How many persons the condition selects at <paramref name="now"/>, and the first <paramref name="sample"/> of them by person id.</summary>
    /// <exception cref="AudienceQueryException">The condition reads something the workspace does not define.</exception>
    Task<AudienceEstimate> EstimateAudienceAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, int sample, CancellationToken cancellationToken = default);

    /// <summary>Every person the condition selects at <paramref name="now"/>, by person id.</summary>
    /// <exception cref="AudienceQueryException">The condition reads something the workspace does not define.</exception>
    Task<IReadOnlyList<PersonId>> AudienceMembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Whether the condition selects <paramref name="person"/> at <paramref name="now"/> (a journey's condition step).</summary>
    /// <exception cref="AudienceQueryException">The condition reads something the workspace does not define.</exception>
    Task<bool> AudienceHoldsAsync(
        WorkspaceId workspace, PersonId person, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every person the condition selects at <paramref name="now"/>, refusals of profiling included: for analytics, which
    /// restrict an aggregate report to a condition (as their SQL segment filters do) and decide nothing about a person.
    /// </summary>
    /// <exception cref="AudienceQueryException">The condition reads something the workspace does not define.</exception>
    Task<IReadOnlyList<PersonId>> ConditionMembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A count and a few of the persons counted.</summary>
public sealed record AudienceEstimate(long Count, IReadOnlyList<PersonId> Sample);

/// <summary>A condition the store cannot evaluate for this workspace; <see cref="Field"/> names where, for a 400.</summary>
public sealed class AudienceQueryException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
