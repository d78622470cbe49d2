using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>At most <see cref="PerDay"/> in any 24 hours and <see cref="PerWeek"/> in any 7 days (null: no limit).</summary>
public sealed record SendLimit(int? PerDay, int? PerWeek)
{
    /// <summary>Whether one more send fits, given the sends already made in the last 24 hours and 7 days.</summary>
    public bool Allows(int lastDay, int lastWeek) => (PerDay is not { } day || lastDay < day) && (PerWeek is not { } week || lastWeek < week);
}

/// <summary>
/// A workspace's limits on marketing across every journey (docs/journeys.md, Across journeys): a fatigue limit on all
/// marketing messages to a person, limits per channel, and the global holdout — a stable random share of persons
/// kept out of all marketing, so that the total effect of marketing can be measured against them.
/// </summary>
public sealed record MarketingPressure(SendLimit? Fatigue, IReadOnlyDictionary<string, SendLimit> Channels, double GlobalHoldout)
{
    public const double MaxGlobalHoldout = 0.2;
    public const int MaxLimit = 1000;

    public static MarketingPressure None { get; } = new(null, new Dictionary<string, SendLimit>(), 0);

    /// <summary>
    /// Whether the person is in the global holdout: a hash of workspace and person under the share, so the set is the
    /// same on every server and run, and raising the share only adds persons to it.
    /// </summary>
    public bool HeldOut(WorkspaceId workspace, PersonId person) =>
        GlobalHoldout > 0 && StableDraw.Of($"global-holdout|{workspace.Value}|{person.Value}") < GlobalHoldout;

    /// <summary>Reads <c>{"fatigue": {"perDay", "perWeek"}, "channels": {"sms": {…}}, "globalHoldout": 0.05}</c>; errors name their field.</summary>
    public static (MarketingPressure? Pressure, IReadOnlyList<FieldError> Errors) Parse(JsonElement json)
    {
        var errors = new List<FieldError>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("", "is an object: {fatigue, channels, globalHoldout}")]);
        }

        foreach (var property in json.EnumerateObject().Where(p => p.Name is not ("fatigue" or "channels" or "globalHoldout")))
        {
            errors.Add(new FieldError(property.Name, "is not a setting: fatigue, channels or globalHoldout"));
        }

        var fatigue = json.TryGetProperty("fatigue", out var f) && f.ValueKind != JsonValueKind.Null ? Limit(f, "fatigue", errors) : null;
        var channels = new Dictionary<string, SendLimit>(StringComparer.Ordinal);
        if (json.TryGetProperty("channels", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("channels", "is an object of channel → {perDay, perWeek}"));
            }
            else
            {
                foreach (var channel in c.EnumerateObject())
                {
                    if (!Privacy.Consent.ConsentTopic.Channels.Contains(channel.Name))
                    {
                        errors.Add(new FieldError($"channels.{channel.Name}", $"is not a channel: {string.Join(", ", Privacy.Consent.ConsentTopic.Channels)}"));
                    }
                    else if (Limit(channel.Value, $"channels.{channel.Name}", errors) is { } limit)
                    {
                        channels[channel.Name] = limit;
                    }
                }
            }
        }

        var holdout = 0.0;
        if (json.TryGetProperty("globalHoldout", out var h) && h.ValueKind != JsonValueKind.Null
            && (h.ValueKind != JsonValueKind.Number || !h.TryGetDouble(out holdout) || holdout is < 0 or > MaxGlobalHoldout))
        {
            errors.Add(new FieldError("globalHoldout", $"is a share between 0 and {MaxGlobalHoldout} of persons kept out of all marketing"));
        }

        return errors.Count > 0 ? (null, errors) : (new MarketingPressure(fatigue, channels, holdout), []);
    }

    private static SendLimit? Limit(JsonElement json, string field, List<FieldError> errors)
    {
        int? Read(string name)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= MaxLimit)
            {
                return n;
            }

            errors.Add(new FieldError($"{field}.{name}", $"is a whole number of sends from 0 to {MaxLimit}"));
            return null;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "is {perDay, perWeek}"));
            return null;
        }

        return new SendLimit(Read("perDay"), Read("perWeek"));
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        fatigue = Fatigue,
        channels = Channels,
        globalHoldout = GlobalHoldout,
    }, JsonSerializerOptions.Web);
}
