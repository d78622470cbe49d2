using Helix.Core.Identity;
using Helix.Core.Identity.Matching;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Profiles;

namespace Helix.Core.Tests.Identity.Matching;

/// <summary>Matching persons by their traits: the spec as data, and the FEBRL quality through that path.</summary>
public sealed class PersonMatchingTests
{
    private static PersonMatchConfig FebrlConfig()
    {
        var spec = PersonMatchSpec.FromJson(File.ReadAllText(Path.Combine(FebrlDataSet.Directory, "person-match-spec.json")));
        return spec.Validate(out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    /// <summary>Each FEBRL record as a person whose traits are the record's columns.</summary>
    private static List<MatchablePerson> FebrlPersons(string file)
    {
        var records = FebrlDataSet.Load(file, FebrlMatching.Columns);
        return [.. records.Select(r => new MatchablePerson(
            new PersonId("p_" + r.Id), new Identifier("member_id", r.Id),
            FebrlMatching.Columns.Zip(r.Values).Where(c => c.Second is not null).ToDictionary(c => c.First, c => c.Second!)))];
    }

    [Fact]
    public void FebrlDataset1_ThroughTheSpec_MatchesAsWellAsTheHandWrittenConfiguration()
    {
        var persons = FebrlPersons("dataset1.csv");

        var result = PersonMatching.Run(persons, FebrlConfig());

        var merged = result.Matches.Where(m => m.Decision == MatchDecision.AutoMerge).ToList();
        var reference = FebrlMatching.Dedupe("dataset1.csv");
        Assert.Equal(reference.Blocking.Pairs.Count, result.Blocking.Pairs.Count);
        Assert.Equal(reference.Quality.Predicted, merged.Count);
        var truePositives = merged.Count(m => FebrlDataSet.Entity(m.Left.Anchor.Value) == FebrlDataSet.Entity(m.Right.Anchor.Value));
        var precision = (double)truePositives / merged.Count;
        var recall = (double)truePositives / reference.Quality.TruePairs;
        Assert.True(2 * precision * recall / (precision + recall) >= 0.99, $"precision {precision:F4}, recall {recall:F4}");
        Assert.All(result.Matches, m => Assert.Equal(FebrlMatching.Columns.Length, m.Evidence.Count));
        Assert.True(result.Matches.Zip(result.Matches.Skip(1)).All(p => p.First.Score >= p.Second.Score), "strongest first");
    }

    [Fact]
    public void RejectedPairs_AreNotProposedAgain_InEitherOrder()
    {
        var persons = FebrlPersons("dataset1.csv");
        var first = PersonMatching.Run(persons, FebrlConfig());
        var rejected = first.Matches.Take(5).Select(m => PersonMatch.AnchorPair(m.Right.Anchor, m.Left.Anchor)).ToHashSet();

        var second = PersonMatching.Run(persons, FebrlConfig(), rejected);

        Assert.Equal(first.Matches.Count - 5, second.Matches.Count);
        Assert.DoesNotContain(second.Matches, m => rejected.Contains(m.Key));
    }

    [Fact]
    public void TooFewCandidatePairs_GiveNoModelAndNoMatches()
    {
        var persons = new List<MatchablePerson>
        {
            new(new PersonId("p_1"), new Identifier("user_id", "1"), new Dictionary<string, string> { ["name"] = "王芳" }),
            new(new PersonId("p_2"), new Identifier("user_id", "2"), new Dictionary<string, string> { ["name"] = "李雷" }),
        };

        var result = PersonMatching.Run(persons, PersonMatchConfig.Default);

        Assert.Null(result.Estimate);
        Assert.Empty(result.Matches);
    }

    [Fact]
    public void BlockingKeys_TakePrefixesSuffixesSortedCharactersAndEitherOrder()
    {
        var record = new MatchRecord("r", ["Wang", "13812345678", "9081"]);
        Assert.Equal("wa", new PersonBlockingRule.KeyPart(0, 2, null, false).Of(record));
        Assert.Equal("5678", new PersonBlockingRule.KeyPart(1, null, 4, false).Of(record));
        Assert.Equal("0189", new PersonBlockingRule.KeyPart(2, null, null, true).Of(record));
        Assert.Null(new PersonBlockingRule.KeyPart(0, null, null, false).Of(new MatchRecord("r", ["  ", null, null])));

        var either = new PersonBlockingRule("names", [new(0, null, null, false), new(1, null, null, false)], AnyOrder: true).ToBlockingRule();
        Assert.Equal(either.Key(new MatchRecord("a", ["fang", "wang"])), either.Key(new MatchRecord("b", ["wang", "fang"])));
    }

    [Theory]
    [InlineData("""{"fields":[]}""", "fields")]
    [InlineData("""{"fields":[{"trait":"name","comparator":"soundex"}]}""", "fields[0].comparator")]
    [InlineData("""{"fields":[{"comparator":"exact"}]}""", "fields[0].trait")]
    [InlineData("""{"fields":[{"trait":"a","comparator":"exact"},{"trait":"a","comparator":"exact"}]}""", "fields[1].trait")]
    [InlineData("""{"blocking":[{"keys":[{"trait":"nickname"}]}]}""", "blocking[0].keys[0].trait")]
    [InlineData("""{"blocking":[{"keys":[{"trait":"name","prefix":2,"suffix":2}]}]}""", "blocking[0].keys[0].prefix")]
    [InlineData("""{"blocking":[]}""", "blocking")]
    [InlineData("""{"review":12,"autoMerge":10}""", "autoMerge")]
    [InlineData("""{"maxBlockSize":1}""", "maxBlockSize")]
    [InlineData("""{"maxBlockSize":50000}""", "maxBlockSize")]
    [InlineData("""{"fields":[{"trait":"name","comparator":"chineseName"}]}""", "blocking")]
    public void Validate_NamesTheBadField(string json, string field)
    {
        Assert.Null(PersonMatchSpec.FromJson(json).Validate(out var errors));
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void EmptySpec_IsTheDefault()
    {
        var config = new PersonMatchSpec().Validate(out var errors)!;

        Assert.Empty(errors);
        Assert.Equal(PersonMatchConfig.Default.Fields, config.Fields);
        Assert.Equal(PersonMatchConfig.Default.Thresholds, config.Thresholds);
    }
}
