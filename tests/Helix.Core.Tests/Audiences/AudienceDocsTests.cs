using System.Text.RegularExpressions;
using Helix.Core.Audiences;
using Helix.Testing;

namespace Helix.Core.Tests.Audiences;

/// <summary>docs/audiences.md stays true: every example parses and round-trips, and the JSON example is the issue's example.</summary>
public sealed partial class AudienceDocsTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(HelixProcess.RepositoryRoot(), "docs", "audiences.md"));

    public static TheoryData<string> Examples()
    {
        var section = Page[Page.IndexOf("## The language by example", StringComparison.Ordinal)..Page.IndexOf("## Meaning", StringComparison.Ordinal)];
        var data = new TheoryData<string>();
        foreach (Match block in CodeBlock().Matches(section))
        {
            foreach (var line in block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                data.Add(Comment().Replace(line, "").Trim());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_Parses_AndRoundTrips(string example)
    {
        var condition = AudienceTextTests.Parse(example);

        Assert.Equal(condition, AudienceTextTests.Parse(AudienceText.Print(condition)));
        Assert.Equal(condition, AudienceSpecTests.Parse(AudienceSpec.ToJson(condition)));
    }

    [Fact]
    public void JsonExample_IsTheTextExample()
    {
        var json = Page[Page.IndexOf("```json", StringComparison.Ordinal)..];
        json = json[7..json.IndexOf("```", 7, StringComparison.Ordinal)];

        Assert.Equal(AudienceTextTests.Parse(AudienceTextTests.IssueExample), AudienceSpecTests.Parse(json));
    }

    [GeneratedRegex("```\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("\\s+#.*$")]
    private static partial Regex Comment();
}
