using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Erasure;

/// <summary>
/// The digests of erased persons' identifiers. A message carrying any of them is dropped, so neither a replay
/// of the log nor a later import brings an erased person back. Without a digest key nothing can be suppressed
/// (<see cref="CanErase"/> is false) and nothing is.
/// </summary>
public sealed class Suppressions(IdentifierDigest? digest)
{
    private readonly Dictionary<WorkspaceId, HashSet<string>> _digests = [];

    public bool CanErase => digest is not null;

    public int Count => _digests.Values.Sum(d => d.Count);

    /// <summary>Puts digests loaded from the store back in force.</summary>
    public void Load(WorkspaceId workspace, IEnumerable<string> digests)
    {
        foreach (var value in digests)
        {
            Set(workspace).Add(value);
        }
    }

    /// <summary>Suppresses the identifiers; returns their digests, in the order given.</summary>
    /// <exception cref="InvalidOperationException">No digest key is configured.</exception>
    public IReadOnlyList<string> Add(WorkspaceId workspace, IEnumerable<Identifier> identifiers)
    {
        var key = digest ?? throw new InvalidOperationException("No identifier digest key is configured: erasure is unavailable.");
        var added = identifiers.Select(i => key.Of(workspace, i)).Distinct(StringComparer.Ordinal).ToList();
        Set(workspace).UnionWith(added);
        return added;
    }

    public bool Contains(WorkspaceId workspace, Identifier identifier) =>
        digest is not null && _digests.TryGetValue(workspace, out var set) && set.Count > 0 && set.Contains(digest.Of(workspace, identifier));

    private HashSet<string> Set(WorkspaceId workspace)
    {
        if (!_digests.TryGetValue(workspace, out var set))
        {
            _digests[workspace] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }
}
