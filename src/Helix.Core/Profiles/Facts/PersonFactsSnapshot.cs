using Helix.Core.Privacy.Consent;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>What the pipeline stores of one person's facts, and loads back at start.</summary>
/// <param name="Computed">Each computed trait's incremental state as JSON (<c>ComputedTraitState.WriteTo</c>), keyed by trait name.</param>
/// <param name="ModelTags">Model tags' values as the last model run assigned them.</param>
/// <param name="Tags">The tags the person has now.</param>
public sealed record PersonFactsSnapshot(
    WorkspaceId WorkspaceId,
    PersonId Person,
    IReadOnlyDictionary<string, string> Computed,
    IReadOnlyDictionary<string, string> ModelTags,
    IReadOnlyDictionary<string, HeldTag> Tags)
{
    /// <summary>The segments the person is in (loaded: every segment; the fold keeps the real-time ones), and since when.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Segments { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The person's deciding statement on <c>profiling</c>, kept so a refusal outlives a restart and joins merges.</summary>
    public ConsentStatement? Profiling { get; init; }
}
