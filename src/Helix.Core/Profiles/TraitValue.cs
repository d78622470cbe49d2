using System.Text.Json;

namespace Helix.Core.Profiles;

/// <summary>A trait's value and the event time that set it; the newest event wins.</summary>
public readonly record struct TraitValue(JsonElement Value, DateTimeOffset UpdatedAt);
