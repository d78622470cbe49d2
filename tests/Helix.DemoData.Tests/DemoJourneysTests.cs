using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;

namespace Helix.DemoData.Tests;

public sealed class DemoJourneysTests
{
    [Fact]
    public void DemoJourneys_AreValid_AndReadOnlyWhatTheDemoDefines()
    {
        var (json, _) = YamlJson.Convert(DemoDefinitions.ProfileDefinitionsYaml);
        var (definitions, _) = ProfileDefinitions.Parse(JsonElement.Parse(json!), 1);

        foreach (var text in DemoJourneys.All)
        {
            var (journey, errors) = JourneySpec.Parse(JsonElement.Parse(text));
            Assert.Empty(errors);
            var conditions = journey!.Steps.OfType<ConditionStep>().Select(c => c.When);
            Assert.Empty(conditions.SelectMany(c => definitions!.UndefinedReads(c, "when")));
        }

        Assert.Equal(["care_72h", "birthday_coupon"], DemoJourneys.All.Select(j => JsonElement.Parse(j).GetProperty("name").GetString()));
    }
}
