using Helix.Core.Workspaces;

namespace Helix.Core.Audit;

/// <summary>
/// Walks one workspace's entries in sequence order, as a fold: <see cref="Apply"/> each entry, then
/// <see cref="Complete"/> with the stored head. The first broken sequence is a changed entry (its hash), a missing
/// or reordered one (the sequence or the previous hash), one moved from another workspace, or a chain cut short
/// at its end (the head). Entries after the first break are not examined.
/// </summary>
public sealed class AuditChainVerifier(AuditChain chain, WorkspaceId workspace)
{
    private long _expected = 1;
    private string _previous = AuditChain.Genesis;
    private AuditVerification? _broken;

    public long Entries { get; private set; }

    public bool IsBroken => _broken is not null;

    /// <returns>False once the chain is broken: the caller can stop reading.</returns>
    public bool Apply(AuditEntry entry)
    {
        if (_broken is not null)
        {
            return false;
        }

        Entries++;
        if (entry.Sequence != _expected)
        {
            return Break(_expected, entry.Sequence > _expected
                ? $"entry {_expected} is missing (the next stored entry is {entry.Sequence})"
                : $"entry {entry.Sequence} appears again or out of order after entry {_expected - 1}");
        }

        if (entry.Record.Workspace != workspace)
        {
            return Break(entry.Sequence, "the entry belongs to another workspace");
        }

        if (!string.Equals(entry.PreviousHash, _previous, StringComparison.Ordinal))
        {
            return Break(entry.Sequence, "the entry does not link to the entry before it");
        }

        if (!chain.IsSealed(entry))
        {
            return Break(entry.Sequence, "the entry's content does not match its hash");
        }

        _previous = entry.Hash;
        _expected++;
        return true;
    }

    /// <param name="head">The workspace's stored head; null when it has never had an entry.</param>
    public AuditVerification Complete(AuditHead? head)
    {
        if (_broken is not null)
        {
            return _broken;
        }

        var last = _expected - 1;
        if (head is null)
        {
            return last == 0 ? Ok() : Failed(1, "the chain has entries but no head");
        }

        if (head.Value.Sequence > last)
        {
            return Failed(last + 1, $"entries {last + 1} to {head.Value.Sequence} are missing");
        }

        return head.Value.Sequence == last && string.Equals(head.Value.Hash, _previous, StringComparison.Ordinal)
            ? Ok()
            : Failed(Math.Min(head.Value.Sequence, last) + 1, "the chain's head does not match its last entry");
    }

    private AuditVerification Ok() => new(true, Entries, null, null);

    private AuditVerification Failed(long sequence, string reason) => new(false, Entries, sequence, reason);

    private bool Break(long sequence, string reason)
    {
        _broken = Failed(sequence, reason);
        return false;
    }
}
