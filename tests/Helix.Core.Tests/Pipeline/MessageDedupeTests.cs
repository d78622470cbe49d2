using Helix.Core.Pipeline;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Pipeline;

public sealed class MessageDedupeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WorkspaceId Workspace = new("ws");

    [Fact]
    public void SameIdWithinWindow_IsDuplicate()
    {
        var dedupe = new MessageDedupe(TimeSpan.FromHours(1));

        Assert.True(dedupe.TryAdd(new RecentMessage(Workspace, "m", T0)));
        Assert.False(dedupe.TryAdd(new RecentMessage(Workspace, "m", T0.AddMinutes(59))));
    }

    [Fact]
    public void SameIdAfterWindow_IsNew()
    {
        var dedupe = new MessageDedupe(TimeSpan.FromHours(1));
        dedupe.TryAdd(new RecentMessage(Workspace, "m", T0));

        Assert.True(dedupe.TryAdd(new RecentMessage(Workspace, "m", T0.AddMinutes(61))));
    }

    [Fact]
    public void SameIdInAnotherWorkspace_IsNew()
    {
        var dedupe = new MessageDedupe(TimeSpan.FromHours(1));
        dedupe.TryAdd(new RecentMessage(Workspace, "m", T0));

        Assert.True(dedupe.TryAdd(new RecentMessage(new WorkspaceId("other"), "m", T0)));
    }

    [Fact]
    public void ExpiredIds_AreForgotten()
    {
        var dedupe = new MessageDedupe(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 100; i++)
        {
            dedupe.TryAdd(new RecentMessage(Workspace, $"m{i}", T0.AddMinutes(i)));
        }

        Assert.InRange(dedupe.Count, 10, 11);
    }
}
