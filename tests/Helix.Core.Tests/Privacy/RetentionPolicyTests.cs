using Helix.Core.Privacy.Retention;

namespace Helix.Core.Tests.Privacy;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void ValidPolicies_HaveNoErrors_AndCutOffTheirDays()
    {
        RetentionPolicy[] policies = [new("page", null, 180), new(null, "Product Viewed", 30), new("track", null, 3650)];

        Assert.Empty(RetentionPolicy.Validate(policies));
        Assert.Empty(RetentionPolicy.Validate([]));
        Assert.Equal(new DateTimeOffset(2026, 6, 4, 0, 0, 0, TimeSpan.Zero), policies[0].Cutoff(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(null, null, 10, "policies[0]")]
    [InlineData("page", "Product Viewed", 10, "policies[0]")]
    [InlineData("clicks", null, 10, "policies[0].type")]
    [InlineData(null, " ", 10, "policies[0].event")]
    [InlineData("page", null, 0, "policies[0].days")]
    [InlineData("page", null, RetentionPolicy.MaxDays + 1, "policies[0].days")]
    public void BadPolicy_NamesItsField(string? type, string? name, int days, string field)
    {
        var error = Assert.Single(RetentionPolicy.Validate([new(type, name, days)]));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void MissingListRepeatedPolicyAndNullEntry_AreErrors()
    {
        Assert.Equal("policies", Assert.Single(RetentionPolicy.Validate(null)).Field);
        Assert.Equal("policies[1]", Assert.Single(RetentionPolicy.Validate([new("page", null, 10), new("page", null, 20)])).Field);
        Assert.Equal("policies[0]", Assert.Single(RetentionPolicy.Validate([null])).Field);
    }
}
