namespace Helix.Core.Identity.Operations;

/// <summary>What an <see cref="IdentityOperation"/> changes.</summary>
public enum IdentityOperationKind
{
    /// <summary>Two identifiers of one person belong to different people: they may never be one person again; the person splits.</summary>
    Separate,

    /// <summary>An identifier links nobody any more (a store's shared phone): the person splits around it.</summary>
    Detach,

    /// <summary>Undoes an earlier separate or detach: its persons are resolved again without it.</summary>
    Revert,

    /// <summary>A new version of the workspace's identity rules; messages after it resolve by them.</summary>
    Rules,

    /// <summary>
    /// Two persons that share no identifier are one customer (a probabilistic match, automatic or
    /// accepted by a data steward): they merge as if an event had carried an identifier of each.
    /// </summary>
    Merge,

    /// <summary>
    /// The person is erased (a data subject's deletion request): every row derived from them goes, their
    /// events in the log become tombstones, and their identifiers are suppressed so nothing brings them back.
    /// </summary>
    Erase,
}
