using Helix.Core.Audit;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly WorkspaceId Workspace = new("ws_a");
    private static readonly byte[] Key = Enumerable.Range(1, AuditChain.KeyBytes).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every field of a record, each changed to something else: tampering with any one must be caught.</summary>
    public static TheoryData<string> Fields() =>
        ["workspace", "at", "keyId", "name", "role", "action", "target", "outcome", "clientAddress", "userAgent", "requestId", "sequence", "previousHash", "hash"];

    [Fact]
    public void IntactChain_Verifies()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 5);

        var result = Verify(chain, entries, entries[^1].Head);

        Assert.Equal(new AuditVerification(true, 5, null, null), result);
    }

    [Fact]
    public void EmptyChainWithoutHead_Verifies()
    {
        var result = Verify(new AuditChain(Key), [], null);

        Assert.True(result.Ok);
        Assert.Equal(0, result.Entries);
    }

    [Fact]
    public void Seal_LinksEachEntryToThePreviousHash()
    {
        var chain = new AuditChain(Key);

        var entries = Chain(chain, 3);

        Assert.Equal([1L, 2, 3], entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", entries[2].Hash);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void ChangedField_BreaksTheChainAtThatEntry(string field)
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 5);
        entries[2] = Tamper(entries[2], field);

        var result = Verify(chain, entries, entries[^1].Head);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public void DeletedEntry_BreaksTheChainAtTheMissingSequence()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 5);
        var head = entries[^1].Head;
        entries.RemoveAt(1);

        var result = Verify(chain, entries, head);

        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletedFirstEntry_BreaksTheChainAtOne()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 3);
        var head = entries[^1].Head;
        entries.RemoveAt(0);

        Assert.Equal(1, Verify(chain, entries, head).FirstBrokenSequence);
    }

    [Fact]
    public void DeletedLastEntry_IsCaughtByTheHead()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 4);
        var head = entries[^1].Head;
        entries.RemoveAt(3);

        var result = Verify(chain, entries, head);

        Assert.Equal(4, result.FirstBrokenSequence);
    }

    [Fact]
    public void ReorderedEntries_BreakTheChainAtTheFirstOutOfPlace()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 5);
        (entries[1], entries[2]) = (entries[2], entries[1]);

        var result = Verify(chain, entries, entries.MaxBy(e => e.Sequence)!.Head);

        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public void SwappedContentKeepingSequences_BreaksTheChain()
    {
        // Someone renumbers two rows in place, so the sequences still count up.
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 5);
        (entries[1], entries[2]) = (entries[2] with { Sequence = 2 }, entries[1] with { Sequence = 3 });

        var result = Verify(chain, entries, entries[^1].Head);

        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public void EntryResealedWithAnotherKey_BreaksTheChain()
    {
        var chain = new AuditChain(Key);
        var forger = new AuditChain(Enumerable.Repeat((byte)7, AuditChain.KeyBytes).ToArray());
        var entries = Chain(chain, 3);
        entries[2] = forger.Seal(entries[2].Record with { Target = "p_other" }, entries[1].Head);

        var result = Verify(chain, entries, entries[^1].Head);

        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public void HeadNotMatchingTheLastEntry_BreaksTheChain()
    {
        var chain = new AuditChain(Key);
        var entries = Chain(chain, 3);

        var result = Verify(chain, entries, new AuditHead(3, new string('f', 64)));

        Assert.Equal(4, result.FirstBrokenSequence);
    }

    [Fact]
    public void EntriesWithoutHead_BreakTheChain()
    {
        var chain = new AuditChain(Key);

        var result = Verify(chain, Chain(chain, 2), null);

        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public void ShortKey_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new AuditChain(new byte[16]));

    private static List<AuditEntry> Chain(AuditChain chain, int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(chain.Seal(Record(i), entries.Count == 0 ? null : entries[^1].Head));
        }

        return entries;
    }

    private static AuditRecord Record(int i) => new(
        Workspace, Start.AddSeconds(i), new AuditActor("key_1", "ops admin", "admin"), $"GET /api/v1/profiles/{{personId}}",
        $"p_{i}", 200, "127.0.0.1", "curl/8", $"req-{i}");

    private static AuditVerification Verify(AuditChain chain, IEnumerable<AuditEntry> entries, AuditHead? head)
    {
        var verifier = new AuditChainVerifier(chain, Workspace);
        foreach (var entry in entries)
        {
            if (!verifier.Apply(entry))
            {
                break;
            }
        }

        return verifier.Complete(head);
    }

    private static AuditEntry Tamper(AuditEntry entry, string field)
    {
        var r = entry.Record;
        return field switch
        {
            "workspace" => entry with { Record = r with { Workspace = new WorkspaceId("ws_b") } },
            "at" => entry with { Record = r with { At = r.At.AddMicroseconds(1) } },
            "keyId" => entry with { Record = r with { Actor = r.Actor with { KeyId = "key_2" } } },
            "name" => entry with { Record = r with { Actor = r.Actor with { Name = "someone else" } } },
            "role" => entry with { Record = r with { Actor = r.Actor with { Role = "analyst" } } },
            "action" => entry with { Record = r with { Action = "GET /api/v1/segments" } },
            "target" => entry with { Record = r with { Target = null } },
            "outcome" => entry with { Record = r with { Outcome = 403 } },
            "clientAddress" => entry with { Record = r with { ClientAddress = "10.0.0.1" } },
            "userAgent" => entry with { Record = r with { UserAgent = "curl/9" } },
            "requestId" => entry with { Record = r with { RequestId = "req-x" } },
            "sequence" => entry with { Sequence = entry.Sequence + 10 },
            "previousHash" => entry with { PreviousHash = new string('a', 64) },
            "hash" => entry with { Hash = new string('b', 64) },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
    }
}
