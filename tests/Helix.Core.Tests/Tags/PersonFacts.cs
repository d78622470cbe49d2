using System.Text.Json;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Tags;

/// <summary>A person's facts from JSON objects: <c>{"city": "上海"}</c> for traits, the same for computed traits.</summary>
internal sealed class PersonFacts(string traits = "{}", string computed = "{}", IReadOnlyDictionary<string, string?>? assigned = null) : IPersonFacts
{
    private readonly JsonElement _traits = JsonDocument.Parse(traits).RootElement.Clone();
    private readonly JsonElement _computed = JsonDocument.Parse(computed).RootElement.Clone();

    public IReadOnlyDictionary<string, string?> AssignedTags { get; } = assigned ?? new Dictionary<string, string?>();

    public bool TryGetTrait(string name, out JsonElement value) => _traits.TryGetProperty(name, out value);

    public bool TryGetComputed(string name, out JsonElement value) => _computed.TryGetProperty(name, out value);
}
