using System.Text.Json;

namespace Helix.Core.Tags;

/// <summary>What a tag rule reads of one person.</summary>
public interface IPersonFacts
{
    /// <summary>Stored and derived traits (e.g. <c>city</c>, <c>age</c>, <c>zodiac</c>).</summary>
    bool TryGetTrait(string name, out JsonElement value);

    /// <summary>Computed traits' current values.</summary>
    bool TryGetComputed(string name, out JsonElement value);

    /// <summary>Tags assigned from outside (list and model tags): name → value (null value = plain membership).</summary>
    IReadOnlyDictionary<string, string?> AssignedTags { get; }
}
