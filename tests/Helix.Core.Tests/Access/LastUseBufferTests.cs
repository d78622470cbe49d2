using FsCheck.Xunit;
using Helix.Core.Access;

namespace Helix.Core.Tests.Access;

public sealed class LastUseBufferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void UsesWithinAMinute_AreNotedOnce()
    {
        var buffer = new LastUseBuffer(Minute);

        var noted = new[] { 0, 10, 59, 60, 61, 130 }.Select(s => buffer.Touch("k", null, T0.AddSeconds(s))).ToList();

        Assert.Equal([true, false, false, true, false, true], noted);
        Assert.Equal(T0.AddSeconds(130), buffer.Pending("k"));
    }

    [Fact]
    public void AStoredRecentUse_IsNotWrittenAgain()
    {
        var buffer = new LastUseBuffer(Minute);

        Assert.False(buffer.Touch("k", T0, T0.AddSeconds(30)));
        Assert.True(buffer.Touch("k", T0, T0.AddSeconds(60)));
    }

    [Fact]
    public void Drain_TakesEachKeysLatest_AndRestore_KeepsNewerUses()
    {
        var buffer = new LastUseBuffer(Minute);
        buffer.Touch("a", null, T0);
        buffer.Touch("b", null, T0);

        var taken = buffer.Drain();
        buffer.Touch("a", null, T0.AddMinutes(2));
        buffer.Restore(taken);

        Assert.Equal(["a", "b"], taken.Select(t => t.Key).Order());
        Assert.Equal([("a", T0.AddMinutes(2)), ("b", T0)], buffer.Drain().Select(d => (d.Key, d.Value)).Order());
        Assert.Null(buffer.Pending("a"));
    }

    [Fact]
    public void Restore_AfterAFailedWrite_KeepsTheNewerOfBoth()
    {
        var buffer = new LastUseBuffer(Minute);
        buffer.Touch("a", null, T0);
        var failed = buffer.Drain();
        buffer.Touch("a", null, T0.AddMinutes(5));

        buffer.Restore(failed);

        Assert.Equal(T0.AddMinutes(5), Assert.Single(buffer.Drain()).Value);
        Assert.Empty(buffer.Drain());
    }

    /// <summary>
    /// Against a brute-force reference: for any sorted use times of a few keys, noted uses are at least an interval
    /// apart per key, every use lies within an interval after a noted one, and the drained time is the last noted.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool NotedUses_AreSpacedByTheInterval_AndCoverEveryUse(int seed)
    {
        var random = new Random(seed);
        var buffer = new LastUseBuffer(Minute);
        var uses = Enumerable.Range(0, random.Next(1, 60))
            .Select(_ => (Key: $"k{random.Next(3)}", At: T0.AddSeconds(random.Next(0, 600))))
            .OrderBy(u => u.At)
            .ToList();

        var noted = uses.Where(u => buffer.Touch(u.Key, null, u.At)).ToList();
        var drained = buffer.Drain().ToDictionary(d => d.Key, d => d.Value);

        return uses.GroupBy(u => u.Key).All(group =>
        {
            var times = noted.Where(n => n.Key == group.Key).Select(n => n.At).ToList();
            return times.Zip(times.Skip(1)).All(p => p.Second - p.First >= Minute)
                && group.All(u => times.Any(t => t <= u.At && u.At - t < Minute))
                && drained[group.Key] == times[^1];
        });
    }
}
