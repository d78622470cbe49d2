using System.Text.RegularExpressions;

namespace Helix.Core.Identity;

/// <summary>
/// The identifier types of a workspace. <see cref="Default"/> holds the built-in types of Chinese
/// multichannel retail; a type not listed (a custom <c>context.externalIds</c> type) is accepted with
/// exact matching, the lowest priority and no limit.
/// </summary>
public sealed partial class IdentityRules
{
    private readonly Dictionary<string, IdentifierTypeDefinition> _types;

    public IdentityRules(IEnumerable<IdentifierTypeDefinition> types)
    {
        _types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<IdentifierTypeDefinition> Types => _types.Values;

    /// <summary>Hard cap on a person's identifiers of all types: beyond it nothing more links.</summary>
    public int MaxIdentifiersPerPerson { get; init; } = 1_000;

    /// <summary>
    /// Hard cap on the merges a person may absorb. A person that would pass either cap is quarantined:
    /// no further merges, and the reason shows on the profile — real customers do not look like that;
    /// a shared or junk identifier that slipped through the blocklists does.
    /// </summary>
    public int MaxMergesPerPerson { get; init; } = 100;

    /// <summary>
    /// The windowed fan-out rule: a merge that would give a person more than this many merges within
    /// the window (by event time) quarantines it, like the hard caps. Null turns the rule off. The
    /// default, 20 merges within a day, is far above what a customer's devices and logins produce.
    /// </summary>
    public MergeFanOutLimit? MergeFanOut { get; init; } = MergeFanOutLimit.Default;

    public static IdentityRules Default { get; } = new(
    [
        Type(IdentifierTypes.UserId, 1, 1),
        Type("member_id", 2, 1) with { RequiresTrustedSource = true },
        Type("phone", 3, 1, IdentifierNormalization.Phone) with { RequiresTrustedSource = true },
        Type("wechat_unionid", 4, 1) with { RequiresTrustedSource = true },
        Type("email", 5, 3, IdentifierNormalization.Email) with { RequiresTrustedSource = true },
        Type("wecom_external_userid", 6, 5) with { Scoped = true },
        Type("taobao_ouid", 7, 3),
        Type("jd_pin", 7, 3),
        Type("douyin_openid", 7, 3),
        Type("wechat_openid", 8, 10) with { Scoped = true },
        Type("idfa", 9, 5, IdentifierNormalization.UpperCase, blockZeros: true),
        Type("oaid", 9, 5, IdentifierNormalization.UpperCase, blockZeros: true),
        Type("imei", 9, 5, blockZeros: true),
        Type("android_id", 9, 5, blockZeros: true),
        Type(IdentifierTypes.AnonymousId, 10, 50),
    ]);

    /// <summary>The definition of <paramref name="type"/>; custom types get exact matching, lowest priority, no limit.</summary>
    public IdentifierTypeDefinition Definition(string type) =>
        _types.TryGetValue(type, out var definition) ? definition : new IdentifierTypeDefinition { Name = type, Priority = int.MaxValue };

    /// <summary>Type names are lower-case snake case, at most 64 characters: <c>wechat_unionid</c>, <c>crm_number</c>.</summary>
    public static bool IsValidTypeName(string type) => TypeName().IsMatch(type);

    /// <summary>A usable identifier, or null when the value is invalid for its type, blocked, or the type name is not acceptable.</summary>
    public Identifier? Create(string type, string? value)
    {
        if (!IsValidTypeName(type))
        {
            return null;
        }

        var definition = Definition(type);
        var normalized = IdentifierNormalizer.Normalize(value, definition.Normalization);
        return normalized is null || normalized.Length > 512 || definition.IsBlocked(normalized) ? null : new Identifier(type, normalized);
    }

    private static IdentifierTypeDefinition Type(string name, int priority, int? max, IdentifierNormalization normalization = IdentifierNormalization.Trim, bool blockZeros = false) =>
        new()
        {
            Name = name,
            Priority = priority,
            MaxPerPerson = max,
            Normalization = normalization,
            // An all-zero advertising id is what a device sends when tracking is limited: it is everyone.
            BlockedPatterns = blockZeros ? [AllZeros()] : [],
        };

    [GeneratedRegex("^[0-]+$")]
    private static partial Regex AllZeros();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex TypeName();
}
