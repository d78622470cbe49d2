using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Tests.Collect;

public class JsonStringsTests
{
    [Theory]
    [InlineData("""{"tags": [{"name": "a"}, {"when": {"trait": "城市", "value": "\ud83d\ude00"}}]}""", null)]
    [InlineData("""{"tags": [{"name": "a"}, {"when": {"trait": "\ud800"}}]}""", "tags[1].when.trait")]
    [InlineData("""["ok", "\udfff x"]""", "$[1]")]
    [InlineData("""{"a": {"\ud800": 1}}""", "a")]
    [InlineData("""{"n": 1e400, "b": true, "z": null}""", null)]
    public void FirstUndecodable_NamesThePath(string json, string? expected) =>
        Assert.Equal(expected, JsonStrings.FirstUndecodable(JsonElement.Parse(json)));
}
