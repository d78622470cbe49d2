using System.Text;
using Helix.Core.Privacy.Encryption;
using Helix.Engine.Privacy;
using Helix.Testing;

namespace Helix.Engine.Tests.Privacy;

public sealed class PersonKeyLogTests : IDisposable
{
    private readonly TempDirectory _directory = new("helix-person-keys");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Keys_SurviveAReopen()
    {
        var ana = Key("p_ana", 1);
        await using (var log = PersonKeyLog.Open(_directory.Path))
        {
            await log.AddAsync([ana, Key("p_bea", 2)]);
        }

        await using var reopened = PersonKeyLog.Open(_directory.Path);
        var keys = reopened.LoadAll();

        Assert.Equal(2, keys.Count);
        Assert.Equal(ana.WrappedKey, Assert.Single(keys, k => k.KeyId == "p_ana").WrappedKey);
    }

    [Fact]
    public async Task ShreddedKey_IsInNoFile_AndStaysGone_WhileOthersStay()
    {
        var ana = Key("p_ana", 7);
        await using (var log = PersonKeyLog.Open(_directory.Path))
        {
            await log.AddAsync([ana]);
            await log.AddAsync([Key("p_bea", 9)]);
            Assert.True(InAnyFile(ana.WrappedKey));

            log.Shred([("brand", "p_ana"), ("brand", "p_unknown")]);

            Assert.False(InAnyFile(ana.WrappedKey));
            Assert.False(InAnyFile(Encoding.UTF8.GetBytes("p_ana")));
            log.Shred([("brand", "p_ana")]);
        }

        await using var reopened = PersonKeyLog.Open(_directory.Path);
        Assert.Equal("p_bea", Assert.Single(reopened.LoadAll()).KeyId);
    }

    private static WrappedPersonKey Key(string id, byte fill) => new("brand", id, Enumerable.Repeat(fill, 60).Select((b, i) => (byte)(b + i)).ToArray());

    private bool InAnyFile(byte[] needle) =>
        Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "LOCK").Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
}
