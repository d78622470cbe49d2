using System.Globalization;
using System.Text.Json;
using Helix.Core.Privacy;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Derived;
using Helix.Server.Profiles;
using static Helix.Server.Guide.GuideApi;

namespace Helix.Server.Guide;

/// <summary>
/// Builds the member card from a profile, its facts and its latest orders. Pure: reads only its
/// arguments, never throws on odd data (a trait of an unexpected JSON kind is left out), and copies no
/// raw personal data — name, phone, e-mail and address go through <see cref="Masking"/>, and of an order
/// only its id, amounts, products, store and channel are read.
/// </summary>
internal static class GuideCard
{
    private static readonly string[] AddressParts = ["province", "state", "city", "district", "street", "address1", "address2"];

    public static MemberCardResponse From(
        ProfileView profile, ProfileFacts.Current facts, IReadOnlyList<TimelineEvent> orders, GuideOptions options, DateOnly today)
    {
        var birthday = ProfilesApi.Birthday(profile, today);
        return new MemberCardResponse(
            profile.PersonId.Value,
            Masking.Name(Trait(profile, "name")),
            Masking.Phone(Trait(profile, "phone") ?? Identifier(profile, "phone")),
            Masking.Email(Trait(profile, "email") ?? Identifier(profile, "email")),
            Masking.Address(Address(profile)),
            Trait(profile, "gender"),
            Trait(profile, options.TierTrait) ?? (options.TierTag is { } tag && facts.Tags.TryGetValue(tag, out var tier) ? tier.Value : null),
            birthday?.Age,
            birthday?.Birthday.ToString("MM-dd", CultureInfo.InvariantCulture),
            birthday?.Zodiac.Key(),
            birthday?.Zodiac.Chinese(),
            profile.Traits.TryGetValue(options.PointsTrait, out var points) && points.ValueKind is JsonValueKind.Number or JsonValueKind.String ? points : null,
            BoundStore(profile, options),
            options.GuideTraits.Select(t => Trait(profile, t)).FirstOrDefault(v => v is not null),
            TagGroups(facts, options),
            options.ComputedTraits
                .Where(name => facts.ComputedTraits.GetValueOrDefault(name) is { ValueKind: not JsonValueKind.Null })
                .Distinct(StringComparer.Ordinal)
                .ToDictionary(name => name, name => facts.ComputedTraits[name]!.Value, StringComparer.Ordinal),
            [.. orders.Select(Purchase)]);
    }

    /// <summary>The member's name and phone, masked as on the card: enough for a guide to recognise whom a task is about.</summary>
    public static (string? Name, string? Phone) MaskedContact(ProfileView profile) =>
        (Masking.Name(Trait(profile, "name")), Masking.Phone(Trait(profile, "phone") ?? Identifier(profile, "phone")));

    /// <summary>The member's bound store: the first of the configured store traits the person has.</summary>
    public static string? BoundStore(ProfileView profile, GuideOptions options) =>
        options.StoreTraits.Select(t => Trait(profile, t)).FirstOrDefault(v => v is not null);

    private static List<TagGroupResponse> TagGroups(ProfileFacts.Current facts, GuideOptions options)
    {
        var catalog = facts.Definitions.Catalog;
        var groups = new List<TagGroupResponse>();
        foreach (var name in options.TagCategories.Distinct(StringComparer.Ordinal))
        {
            if (catalog.Categories.FirstOrDefault(c => c.Name == name) is not { } category)
            {
                continue;
            }

            // Catalog order, so a card lists a category's tags as the brand wrote them.
            var tags = catalog.Tags
                .Where(t => t.Category == name && facts.Tags.ContainsKey(t.Name))
                .Select(t => new CardTagResponse(t.Name, t.Description, facts.Tags[t.Name].Value, facts.Tags[t.Name].Since))
                .ToList();
            if (tags.Count > 0)
            {
                groups.Add(new TagGroupResponse(category.Name, category.Description, tags));
            }
        }

        return groups;
    }

    private static PurchaseResponse Purchase(TimelineEvent order)
    {
        var properties = order.Properties is { ValueKind: JsonValueKind.Object } p ? p : default;
        var products = Property(properties, "products") is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray()
                .Where(i => i.ValueKind == JsonValueKind.Object)
                .Select(i => new PurchasedProductResponse(Text(Property(i, "name")), Text(Property(i, "category")), Number(Property(i, "quantity"))))
                .ToList()
            : [];
        return new PurchaseResponse(
            order.Timestamp,
            Text(Property(properties, "order_id")),
            Number(Property(properties, "total")) ?? Number(Property(properties, "revenue")) ?? Number(Property(properties, "value")),
            Text(Property(properties, "currency")),
            products,
            Text(Property(properties, "store_id")),
            Text(Property(properties, "affiliation")),
            order.SourceId.Value);
    }

    /// <summary>An address trait as text: a string as is; an object (Segment's address) as its region parts, then its street.</summary>
    private static string? Address(ProfileView profile)
    {
        if (!profile.Traits.TryGetValue("address", out var address))
        {
            return null;
        }

        if (address.ValueKind != JsonValueKind.Object)
        {
            return Text(address);
        }

        var parts = AddressParts.Select(part => Text(Property(address, part))).Where(p => !string.IsNullOrWhiteSpace(p));
        return string.Join(' ', parts) is { Length: > 0 } text ? text : null;
    }

    private static string? Trait(ProfileView profile, string name) =>
        profile.Traits.TryGetValue(name, out var value) ? Text(value) : null;

    private static string? Identifier(ProfileView profile, string type) =>
        profile.Identifiers.Where(l => l.Identifier.Type == type).Select(l => l.Identifier.Value).FirstOrDefault();

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    /// <summary>A string as is, a number as written; null for anything else (objects, arrays, booleans, null).</summary>
    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),
        _ => null,
    };

    private static decimal? Number(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number when value.Value.TryGetDecimal(out var number) => number,
        JsonValueKind.String when decimal.TryParse(value.Value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };
}
