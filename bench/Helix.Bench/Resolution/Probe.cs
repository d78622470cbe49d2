using System.Text.Json;

namespace Helix.Bench.Resolution;

/// <summary>
/// What <c>GET /api/v1/profiles/lookup?type=…&amp;value=…</c> shows once a message is applied: the person
/// found by (<see cref="Type"/>, <see cref="Value"/>) also holds (<see cref="OtherType"/>, <see cref="OtherValue"/>)
/// — the two persons have merged — or, without another identifier, has at least <see cref="MinEvents"/> events.
/// Values are given normalised, as the profile shows them.
/// </summary>
internal sealed record Probe(string Type, string Value, string? OtherType = null, string? OtherValue = null, long MinEvents = 0)
{
    public string LookupPath => $"/api/v1/profiles/lookup?type={Uri.EscapeDataString(Type)}&value={Uri.EscapeDataString(Value)}";

    public bool IsShownBy(JsonElement profile) =>
        OtherType is null
            ? profile.GetProperty("eventCount").GetInt64() >= MinEvents
            : profile.GetProperty("identifiers").EnumerateArray().Any(i =>
                i.GetProperty("type").GetString() == OtherType && i.GetProperty("value").GetString() == OtherValue);
}
