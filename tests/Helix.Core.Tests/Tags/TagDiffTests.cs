using Helix.Core.Tags;

namespace Helix.Core.Tests.Tags;

public sealed class TagDiffTests
{
    [Fact]
    public void Between_ListsGainedLostAndChanged_SortedByTag()
    {
        var before = new Dictionary<string, string?> { ["vip"] = null, ["power"] = "mid", ["rfm"] = "new", ["stays"] = null };
        var after = new Dictionary<string, string?> { ["power"] = "high", ["rfm"] = "new", ["stays"] = null, ["big_spender"] = null, ["age_band"] = "young" };

        var changes = TagDiff.Between(before, after);

        Assert.Equal(
            [
                new TagChange("age_band", TagChangeKind.Gained, null, "young"),
                new TagChange("big_spender", TagChangeKind.Gained, null, null),
                new TagChange("power", TagChangeKind.Changed, "mid", "high"),
                new TagChange("vip", TagChangeKind.Lost, null, null),
            ],
            changes);
    }

    [Fact]
    public void Between_SameTags_IsEmpty()
    {
        var tags = new Dictionary<string, string?> { ["vip"] = null, ["power"] = "mid" };

        Assert.Empty(TagDiff.Between(tags, new Dictionary<string, string?>(tags)));
    }
}
