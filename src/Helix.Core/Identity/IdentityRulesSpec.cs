using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helix.Core.Collect;

namespace Helix.Core.Identity;

/// <summary>
/// A workspace's identity rules as data: the caps and the types that differ from the built-ins.
/// <see cref="Validate"/> turns it into <see cref="IdentityRules"/> or names every bad field.
/// </summary>
public sealed class IdentityRulesSpec
{
    public const int MaxTypes = 200;
    public const int MaxBlockedEntries = 10_000;

    private const string WindowFormat = "is a duration such as 7d, 12h or 30m (1 minute to 3650 days)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int? MaxIdentifiersPerPerson { get; set; }

    public int? MaxMergesPerPerson { get; set; }

    /// <summary>The windowed fan-out rule; unset keeps <see cref="MergeFanOutLimit.Default"/>.</summary>
    public QuarantineSpec? Quarantine { get; set; }

    /// <summary>Trait survivorship: which value a trait keeps when events or merging persons disagree.</summary>
    public List<TraitRuleSpec>? Traits { get; set; }

    public List<IdentifierTypeSpec>? Types { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">Not JSON of this shape.</exception>
    public static IdentityRulesSpec FromJson(string json) => JsonSerializer.Deserialize<IdentityRulesSpec>(json, Json) ?? new IdentityRulesSpec();

    /// <summary>Rules stored after they were validated (the journal, a snapshot): invalid ones mean the store is damaged.</summary>
    /// <exception cref="InvalidDataException">The stored spec is not valid rules.</exception>
    public static IdentityRules FromStored(string json)
    {
        try
        {
            return FromJson(json).Validate(out var errors)
                ?? throw new InvalidDataException("Stored identity rules are invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("Stored identity rules are not JSON.", e);
        }
    }

    /// <summary>The rules this spec describes, on top of the built-in types; or the fields that are wrong.</summary>
    public IdentityRules? Validate(out IReadOnlyList<FieldError> errors)
    {
        var found = new List<FieldError>();
        var definitions = IdentityRules.Default.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var types = Types ?? [];
        if (types.Count > MaxTypes)
        {
            found.Add(new FieldError("types", $"at most {MaxTypes} types"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < types.Count && i < MaxTypes; i++)
        {
            var field = $"types[{i}]";
            if (types[i] is not { } spec || spec.Name is not { } name || !IdentityRules.IsValidTypeName(name))
            {
                found.Add(new FieldError($"{field}.name", "is required: lower-case snake case, at most 64 characters"));
                continue;
            }

            if (!seen.Add(name))
            {
                found.Add(new FieldError($"{field}.name", $"'{name}' is defined twice"));
                continue;
            }

            var current = definitions.GetValueOrDefault(name) ?? new IdentifierTypeDefinition { Name = name };
            if (Apply(spec, current, field, found) is { } definition)
            {
                definitions[name] = definition;
            }
        }

        CheckRange(MaxIdentifiersPerPerson, "maxIdentifiersPerPerson", 1, 100_000, found);
        CheckRange(MaxMergesPerPerson, "maxMergesPerPerson", 1, 100_000, found);
        var fanOut = FanOut(Quarantine, found);
        var traits = TraitRuleSpec.Validate(Traits, found);
        errors = found;
        return found.Count > 0
            ? null
            : new IdentityRules(definitions.Values)
            {
                MaxIdentifiersPerPerson = MaxIdentifiersPerPerson ?? IdentityRules.Default.MaxIdentifiersPerPerson,
                MaxMergesPerPerson = MaxMergesPerPerson ?? IdentityRules.Default.MaxMergesPerPerson,
                MergeFanOut = fanOut,
                TraitRules = traits,
            };
    }

    /// <summary>The windowed fan-out rule <paramref name="spec"/> describes on top of the default; null when it is turned off.</summary>
    private static MergeFanOutLimit? FanOut(QuarantineSpec? spec, List<FieldError> errors)
    {
        var fallback = MergeFanOutLimit.Default;
        if (spec is null)
        {
            return fallback;
        }

        CheckRange(spec.MaxMerges, "quarantine.maxMerges", 0, 100_000, errors);
        var window = spec.Window is null ? fallback.Window : ParseWindow(spec.Window);
        if (window is null)
        {
            errors.Add(new FieldError("quarantine.window", WindowFormat));
        }

        return spec.MaxMerges == 0 || window is null ? null : new MergeFanOutLimit(spec.MaxMerges ?? fallback.MaxMerges, window.Value);
    }

    private static IdentifierTypeDefinition? Apply(IdentifierTypeSpec spec, IdentifierTypeDefinition current, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        CheckRange(spec.Priority, $"{field}.priority", 1, 1_000, errors);
        CheckRange(spec.MaxPerPerson, $"{field}.maxPerPerson", 0, 100_000, errors);
        var window = spec.Window is null ? current.Window : ParseWindow(spec.Window);
        if (spec.Window is not null && window is null)
        {
            errors.Add(new FieldError($"{field}.window", WindowFormat));
        }

        var normalization = current.Normalization;
        if (spec.Normalization is { } n && !TryParseNormalization(n, out normalization))
        {
            errors.Add(new FieldError($"{field}.normalization", "is one of trim, phone, email, uppercase"));
        }

        var blocked = spec.BlockedValues ?? [];
        var patterns = spec.BlockedPatterns ?? [];
        if (blocked.Count + patterns.Count > MaxBlockedEntries)
        {
            errors.Add(new FieldError($"{field}.blockedValues", $"at most {MaxBlockedEntries} values and patterns"));
        }

        var regexes = new List<Regex>();
        for (var p = 0; p < patterns.Count; p++)
        {
            try
            {
                regexes.Add(new Regex(patterns[p], RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                errors.Add(new FieldError($"{field}.blockedPatterns[{p}]", $"is not a usable regular expression: {e.Message}"));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var blockedValues = blocked.Select(v => IdentifierNormalizer.Normalize(v, normalization) ?? v);
        return current with
        {
            Priority = spec.Priority ?? current.Priority,
            MaxPerPerson = spec.MaxPerPerson is { } max ? (max == 0 ? null : max) : current.MaxPerPerson,
            Window = window,
            Normalization = normalization,
            RequiresTrustedSource = spec.RequiresTrustedSource ?? current.RequiresTrustedSource,
            Scoped = spec.Scoped ?? current.Scoped,
            BlockedValues = spec.BlockedValues is null ? current.BlockedValues : blockedValues.ToHashSet(StringComparer.Ordinal),
            BlockedPatterns = spec.BlockedPatterns is null ? current.BlockedPatterns : regexes,
        };
    }

    private static void CheckRange(int? value, string field, int min, int max, List<FieldError> errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(new FieldError(field, $"is between {min} and {max}"));
        }
    }

    /// <summary><c>7d</c>, <c>12h</c>, <c>30m</c>; null when not such a duration or out of range.</summary>
    public static TimeSpan? ParseWindow(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || !int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return null;
        }

        TimeSpan? window = trimmed[^1] switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            'm' => TimeSpan.FromMinutes(count),
            _ => null,
        };
        return window is { } w && w <= TimeSpan.FromDays(3650) ? w : null;
    }

    /// <summary>The shortest of <c>7d</c>, <c>12h</c>, <c>30m</c> that is exactly <paramref name="window"/>; the inverse of <see cref="ParseWindow"/>.</summary>
    public static string FormatWindow(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerDay}d")
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerHour}h")
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes}m");

    private static bool TryParseNormalization(string text, out IdentifierNormalization normalization)
    {
        (var known, normalization) = text.Trim().ToLowerInvariant() switch
        {
            "trim" => (true, IdentifierNormalization.Trim),
            "phone" => (true, IdentifierNormalization.Phone),
            "email" => (true, IdentifierNormalization.Email),
            "uppercase" => (true, IdentifierNormalization.UpperCase),
            _ => (false, IdentifierNormalization.Trim),
        };
        return known;
    }
}
