using System.Globalization;
using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Bench.Tags;

/// <summary>A known customer: the user id and the identify traits the demo tags read (absent ones are null).</summary>
internal sealed record TagPerson(string UserId, JsonElement Traits, string? Tier, string? Gender, string? City, string? Birthday, string? HomeStore);

/// <summary>One generated event: when (UTC ticks), whose, which variant (-1: the person's identify call), which campaign (0: none).</summary>
internal readonly record struct TagEvent(long Ticks, int Person, short Variant, byte Campaign);

/// <summary>
/// A seeded commerce workload for the demo brand's tags: persons with member tier, gender, city, birthday
/// and (for some) a home store, each with one identify call at registration, and behaviour and commerce
/// events spread over the last 400 days before <see cref="Now"/>, in UTC+8 hours weighted to lunch and
/// evening. Activity per person is heavy-tailed (a few persons have hundreds of events, most a handful).
/// Events are in time order, as the log holds them.
/// </summary>
internal sealed class TagsWorkload
{
    public const int Days = 400;

    private static readonly (EventKind Kind, int Weight)[] Kinds =
    [
        (EventKind.ProductViewed, 300), (EventKind.WebPage, 120), (EventKind.Screen, 120), (EventKind.ProductAdded, 90),
        (EventKind.OrderCompleted, 120), (EventKind.Article, 50), (EventKind.CouponReceived, 50), (EventKind.CouponApplied, 40),
        (EventKind.StoreVisited, 40), (EventKind.OrderRefunded, 15), (EventKind.Followed, 15),
    ];

    private static readonly (int Hour, int Weight)[] Hours = [.. new[] { 10, 5, 3, 2, 2, 3, 10, 20, 30, 30, 30, 40, 60, 50, 30, 30, 30, 40, 50, 60, 70, 70, 50, 30 }.Select((w, h) => (h, w))];

    private static readonly (string? Value, int Weight)[] Tiers = [("普通", 50), ("银卡", 25), ("金卡", 14), ("黑金", 5), (null, 6)];
    private static readonly (string? Value, int Weight)[] Genders = [("female", 55), ("male", 38), (null, 7)];
    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳", "杭州", "成都", "武汉", "南京", "苏州", "西安", "重庆", "长沙"];

    private TagsWorkload(DateTimeOffset now, TagPerson[] persons, TagEvent[] events, EventVariants variants)
    {
        Now = now;
        Persons = persons;
        Events = events;
        Variants = variants;
    }

    /// <summary>The instant both computations evaluate windows and ages at.</summary>
    public DateTimeOffset Now { get; }

    public TagPerson[] Persons { get; }

    /// <summary>All events, identify calls included, in time order.</summary>
    public TagEvent[] Events { get; }

    public EventVariants Variants { get; }

    /// <param name="events">All events, one identify call per person included.</param>
    public static TagsWorkload Generate(int persons, int events, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var variants = new EventVariants(random);
        var people = new TagPerson[persons];
        var all = new TagEvent[Math.Max(events, persons)];
        for (var p = 0; p < persons; p++)
        {
            people[p] = Person(p, random);
            all[p] = new TagEvent(At(random, now), p, -1, 0);
        }

        for (var i = persons; i < all.Length; i++)
        {
            // u^1.5 puts more events on low person numbers: a heavy tail of very active customers.
            var person = (int)(persons * Math.Pow(random.NextDouble(), 1.5));
            var kind = EventVariants.Weighted(Kinds, random);
            var campaign = (byte)(random.Next(100) < 15 ? 1 + random.Next(variants.Campaigns.Count - 1) : 0);
            all[i] = new TagEvent(At(random, now), person, variants.Pick(kind, random), campaign);
        }

        Array.Sort(all.Select(e => e.Ticks).ToArray(), all);
        return new TagsWorkload(now, people, all, variants);
    }

    private static TagPerson Person(int p, Random random)
    {
        var tier = EventVariants.Weighted(Tiers, random);
        var gender = EventVariants.Weighted(Genders, random);
        var city = random.Next(10) < 8 ? Cities[random.Next(Cities.Length)] : null;
        var birthday = random.Next(100) switch
        {
            < 12 => null,
            // A placeholder some tills write: older than any customer, so no age, month or sign.
            12 => "1900-01-01",
            _ => new DateOnly(1965, 1, 1).AddDays(random.Next(45 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var store = random.Next(10) < 3 ? string.Create(CultureInfo.InvariantCulture, $"S{random.Next(120):000}") : null;
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string name, string? value)
        {
            if (value is not null)
            {
                traits[name] = value;
            }
        }

        Set("tier", tier);
        Set("gender", gender);
        Set("city", city);
        Set("birthday", birthday);
        Set("home_store", store);
        var userId = string.Create(CultureInfo.InvariantCulture, $"M{p:D8}");
        return new TagPerson(userId, JsonSerializer.SerializeToElement(traits), tier, gender, city, birthday, store);
    }

    /// <summary>A moment in the last <see cref="Days"/> days, at a weighted hour of the day in UTC+8, never after <paramref name="now"/>.</summary>
    private static long At(Random random, DateTimeOffset now)
    {
        var day = WorkspaceTime.Day(now).AddDays(-random.Next(Days));
        var at = WorkspaceTime.StartOf(day).AddHours(EventVariants.Weighted(Hours, random)).AddSeconds(random.Next(3600));
        return (at > now ? at.AddDays(-1) : at).UtcTicks;
    }
}
