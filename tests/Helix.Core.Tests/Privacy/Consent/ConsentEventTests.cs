using System.Text.Json;
using Helix.Core.Privacy.Consent;

namespace Helix.Core.Tests.Privacy.Consent;

public sealed class ConsentEventTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("marketing", "marketing", null)]
    [InlineData("marketing:wechat", "marketing", "wechat")]
    [InlineData("advertising", "advertising", null)]
    public void Topic_ParsesItsWireForm(string text, string purpose, string? channel)
    {
        Assert.True(ConsentTopic.TryParse(text, out var topic, out _));
        Assert.Equal(new ConsentTopic(purpose, channel), topic);
        Assert.Equal(text, topic.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Marketing")]
    [InlineData("marketing:fax")]
    [InlineData("profiling:sms")]
    [InlineData("marketing:sms:extra")]
    public void Topic_RefusesWhatIsNotOne(string? text) => Assert.False(ConsentTopic.TryParse(text, out _, out _));

    [Fact]
    public void Properties_ReadBack_AsTheSameStatements()
    {
        ConsentEvent.Item[] items = [new(new("marketing", "sms"), true), new(new("profiling", null), false)];

        var statements = ConsentEvent.Read(ConsentEvent.Properties(items, "store-pos"), At, "src_1", "m1", 7);

        Assert.Equal(items, statements.Select(s => new ConsentEvent.Item(s.Topic, s.Granted)));
        Assert.All(statements, s => Assert.Equal(("store-pos", At, "m1", 7L), (s.Source, s.At, s.MessageId, s.Position)));
    }

    [Fact]
    public void Read_LeavesOutMalformedItems_AndFallsBackToTheSendingSource()
    {
        var properties = JsonElement.Parse("""
            {"consents": [{"purpose": "marketing", "granted": "yes"}, 3, {"purpose": "advertising", "granted": true}, {"purpose": "marketing", "channel": 5, "granted": true}]}
            """);

        var statement = Assert.Single(ConsentEvent.Read(properties, At, "src_1", "m1", 1));

        Assert.Equal((new ConsentTopic("advertising", null), "src_1"), (statement.Topic, statement.Source));
        Assert.Empty(ConsentEvent.Read(JsonElement.Parse("""{"consents": "all"}"""), At, "s", "m", 1));
        Assert.Empty(ConsentEvent.Read(null, At, "s", "m", 1));
    }

    [Theory]
    [InlineData("""[]""", "consents")]
    [InlineData("""{}""", "consents")]
    [InlineData("""[{"purpose": "marketing"}]""", "consents[0].granted")]
    [InlineData("""[{"purpose": "marketing", "granted": true}, {"purpose": "x", "granted": true}]""", "consents[1].purpose")]
    [InlineData("""[{"purpose": "marketing", "channel": "fax", "granted": true}]""", "consents[0].channel")]
    [InlineData("""[{"purpose": "marketing", "channel": 1, "granted": true}]""", "consents[0].channel")]
    [InlineData("""["marketing"]""", "consents[0]")]
    public void Parse_NamesTheFirstBadField(string json, string field)
    {
        var (items, errors) = ConsentEvent.Parse(JsonElement.Parse(json), "consents");

        Assert.Equal(field, Assert.Single(errors).Field);
        Assert.True(items.Count < 2);
    }
}
