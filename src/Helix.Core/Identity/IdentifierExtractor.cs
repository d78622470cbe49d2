using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Identity;

/// <summary>
/// Every identifier a message carries, normalised, without blocked values, strongest first:
/// <c>userId</c>, <c>anonymousId</c>, <c>phone</c>/<c>email</c>/<c>member_id</c> in <c>traits</c>
/// (identify) and <c>context.traits</c>, <c>context.device.advertisingId</c> (IDFA on iOS, OAID on
/// Android) and Segment's <c>context.externalIds</c> (<c>[{id, type}]</c>; a scoped type such as
/// <c>wechat_openid</c> is qualified by the entry's <c>scope</c>, <c>appId</c> or <c>corpId</c>: <c>wx123/oABC</c>). An untrusted source's
/// high-trust identifiers (<see cref="IdentifierTypeDefinition.RequiresTrustedSource"/>) are left out.
/// </summary>
public static class IdentifierExtractor
{
    private static readonly string[] TraitIdentifiers = ["phone", "email", "member_id"];

    public static IReadOnlyList<Identifier> Extract(CollectedMessage message, IdentityRules rules)
    {
        var found = new List<Identifier>();
        var untrusted = message.SourceTrust == SourceTrust.Untrusted;
        void Add(string type, string? value)
        {
            if (untrusted && rules.Definition(type).RequiresTrustedSource)
            {
                return;
            }

            if (rules.Create(type, value) is { } identifier && !found.Contains(identifier))
            {
                found.Add(identifier);
            }
        }

        Add(IdentifierTypes.UserId, message.UserId);
        Add(IdentifierTypes.AnonymousId, message.AnonymousId);
        if (message.Type == MessageType.Identify && message.Traits is { } traits)
        {
            AddTraits(traits, Add);
        }

        if (message.Context is { } context)
        {
            if (context.TryGetProperty("traits", out var contextTraits) && contextTraits.ValueKind == JsonValueKind.Object)
            {
                AddTraits(contextTraits, Add);
            }

            AddDevice(context, Add);
            AddExternalIds(context, rules, Add);
        }

        found.Sort((a, b) =>
        {
            var byPriority = rules.Definition(a.Type).Priority.CompareTo(rules.Definition(b.Type).Priority);
            return byPriority != 0 ? byPriority : string.CompareOrdinal(a.ToString(), b.ToString());
        });
        return found;
    }

    private static void AddTraits(JsonElement traits, Action<string, string?> add)
    {
        foreach (var name in TraitIdentifiers)
        {
            if (traits.TryGetProperty(name, out var value))
            {
                add(name, Text(value));
            }
        }
    }

    private static void AddDevice(JsonElement context, Action<string, string?> add)
    {
        if (!context.TryGetProperty("device", out var device) || device.ValueKind != JsonValueKind.Object
            || !device.TryGetProperty("advertisingId", out var advertisingId))
        {
            return;
        }

        var deviceType = device.TryGetProperty("type", out var type) ? Text(type)?.ToLowerInvariant() : null;
        var identifierType = deviceType switch
        {
            "ios" or "ipados" => "idfa",
            "android" => "oaid",
            _ => null,
        };
        if (identifierType is not null)
        {
            add(identifierType, Text(advertisingId));
        }
    }

    /// <summary>The app or corp that issued a scoped id: <c>scope</c>, else <c>appId</c>, else <c>corpId</c>.</summary>
    private static string? Scope(JsonElement external)
    {
        foreach (var name in (ReadOnlySpan<string>)["scope", "appId", "corpId"])
        {
            if (external.TryGetProperty(name, out var scope) && Text(scope)?.Trim() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static void AddExternalIds(JsonElement context, IdentityRules rules, Action<string, string?> add)
    {
        if (!context.TryGetProperty("externalIds", out var externalIds) || externalIds.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var external in externalIds.EnumerateArray())
        {
            if (external.ValueKind == JsonValueKind.Object
                && external.TryGetProperty("type", out var type) && Text(type) is { } typeName
                && external.TryGetProperty("id", out var id))
            {
                var identifierType = typeName.Trim().ToLowerInvariant();
                var value = Text(id);
                if (rules.Definition(identifierType).Scoped && Scope(external) is { } scope && value is not null)
                {
                    value = $"{scope}/{value.Trim()}";
                }

                add(identifierType, value);
            }
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
