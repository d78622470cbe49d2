using System.Globalization;
using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>
/// A seeded, deterministic demo brand: customers across public-domain (Tmall, JD, Douyin) and
/// private-domain channels (WeChat, app, site, stores) with overlapping identities, orders with line
/// items, and a little deliberate bad input. Everything is planned as light entries, sorted by time,
/// and rendered one message at a time, so memory grows with the plan, not with the JSON.
/// </summary>
public static class DemoBrand
{
    public static IReadOnlyList<DemoChannel> Channels { get; } =
    [
        new("tmall", "Tmall flagship store"),
        new("jd", "JD self-operated store"),
        new("douyin", "Douyin shop"),
        new("wechat_mp", "WeChat mini program"),
        new("wechat_oa", "WeChat official account"),
        new("app", "Brand app"),
        new("web", "Brand website"),
        new("pos", "Offline stores (POS)"),
    ];

    internal static int ChannelIndex(string key)
    {
        for (var i = 0; i < Channels.Count; i++)
        {
            if (Channels[i].Key == key)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown demo channel.");
    }

    public static IEnumerable<DemoMessage> Generate(DemoOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Customers);
        var customers = new Customer[options.Customers];
        var plan = new List<Behaviour.Planned>(options.Customers * 12);
        for (var i = 0; i < options.Customers; i++)
        {
            // One generator per customer: adding customers never changes the earlier ones.
            var random = new Random(CustomerSeed(options.Seed, i));
            customers[i] = Customer.Create(i, random);
            Behaviour.Plan(customers[i], options, random, plan);
        }

        plan.Sort((a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Customer != b.Customer ? a.Customer.CompareTo(b.Customer) : a.Step.CompareTo(b.Step));
        return Render(options, customers, plan);
    }

    /// <summary>
    /// A fixed mix of the seed and the customer (SplitMix64's finaliser). Not <see cref="HashCode"/>:
    /// that is randomised per process, and the demo must be the same in every run.
    /// </summary>
    private static int CustomerSeed(int seed, int customer)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)customer) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private static IEnumerable<DemoMessage> Render(DemoOptions options, Customer[] customers, List<Behaviour.Planned> plan)
    {
        var malformed = new Random(options.Seed ^ 0x2545f491);
        var sequence = 0L;
        var endTicks = options.End.UtcTicks;
        foreach (var planned in plan)
        {
            if (planned.Ticks > endTicks)
            {
                continue;
            }

            var channel = Channels[planned.Channel].Key;
            var message = MessageRenderer.Render(planned, customers[planned.Customer], channel);
            message["messageId"] = string.Create(CultureInfo.InvariantCulture, $"demo-{options.Seed}-{sequence++}");
            var broken = malformed.NextDouble() < options.MalformedRate;
            if (broken)
            {
                Break(message, malformed.Next(4));
            }

            yield return new DemoMessage(channel, message, broken);
        }
    }

    /// <summary>The kinds of bad input a real feed carries.</summary>
    private static void Break(JsonObject message, int how)
    {
        switch (how)
        {
            case 0:
                message["type"] = "track";
                message.Remove("event");
                break;
            case 1:
                message["timestamp"] = "yesterday";
                break;
            case 2:
                message["properties"] = "cheap";
                break;
            default:
                message.Remove("userId");
                message.Remove("anonymousId");
                break;
        }
    }
}
