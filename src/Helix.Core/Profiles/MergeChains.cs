using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// Where rows of merged-away persons belong now: follows merge chains (A into B, later B into C sends
/// A's rows straight to C). Merges are added in the order they happened.
/// </summary>
public sealed class MergeChains
{
    private readonly Dictionary<(WorkspaceId, PersonId), PersonId> _survivorOf = [];

    public MergeChains(IEnumerable<PersonMerge>? merges = null)
    {
        foreach (var merge in merges ?? [])
        {
            Add(merge);
        }
    }

    public bool IsEmpty => _survivorOf.Count == 0;

    /// <summary>Every person merged away, with its final survivor.</summary>
    public IEnumerable<(WorkspaceId Workspace, PersonId Merged, PersonId Survivor)> Merged =>
        _survivorOf.Keys.Select(k => (k.Item1, k.Item2, Final(k.Item1, k.Item2)));

    public void Add(PersonMerge merge)
    {
        ArgumentNullException.ThrowIfNull(merge);
        _survivorOf[(merge.WorkspaceId, merge.Merged)] = merge.Survivor;
    }

    /// <summary>The person that holds <paramref name="person"/>'s rows now; itself when it was never merged.</summary>
    public PersonId Final(WorkspaceId workspace, PersonId person)
    {
        while (_survivorOf.TryGetValue((workspace, person), out var survivor))
        {
            person = survivor;
        }

        return person;
    }
}
