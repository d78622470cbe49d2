using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Privacy.Erasure;

namespace Helix.Core.Profiles;

/// <summary>
/// Erasure (a data subject's deletion request): the person leaves the graph with all their identifiers, and the
/// identifiers' digests go into <see cref="Suppressions"/>, so a later message carrying any of them is dropped
/// before it can found a person again.
/// </summary>
public sealed partial class ProfileGraph
{
    /// <summary>The suppressed identifiers; replace with <see cref="UseSuppressions"/> to give the graph a digest key.</summary>
    public Suppressions Suppressions { get; private set; } = new(null);

    public void UseSuppressions(Suppressions suppressions) => Suppressions = suppressions;

    /// <summary>True when the message carries an erased person's identifier: it must not be applied.</summary>
    public bool IsSuppressed(CollectedMessage message) =>
        Suppressions.Count > 0 && Identifiers(message).Any(i => Suppressions.Contains(message.WorkspaceId, i));

    /// <summary>Removes the operation's person and suppresses their identifiers.</summary>
    /// <returns>The person as they were, and their identifiers' digests; or why nothing was erased.</returns>
    public (PersonOutline? Erased, IReadOnlyList<string> Digests, string? Rejection) Erase(IdentityOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var workspace = operation.WorkspaceId;
        if (!Suppressions.CanErase)
        {
            return (null, [], "Erasure is unavailable: no identifier digest key is configured.");
        }

        if (operation.PersonId is not { } id || !_persons.Remove((workspace, id), out var person))
        {
            return (null, [], $"No person '{operation.PersonId}': it may have merged into another since.");
        }

        var outline = Outline(person);
        foreach (var identifier in outline.Identifiers)
        {
            _owners.Remove((workspace, identifier));
        }

        _dirty.Remove(person);
        return (outline, Suppressions.Add(workspace, outline.Identifiers), null);
    }
}
