using System.Globalization;

namespace Helix.DemoData;

/// <summary>
/// A seeded, deterministic demo brand, 莲花零食 (Lotus Snacks): customers across public-domain
/// (Tmall, JD, Douyin) and private-domain channels (WeChat, app, site, stores) with overlapping
/// identities, orders with line items, and a little deliberate bad input.
/// </summary>
public static class DemoBrand
{
    internal const int Tmall = 0, Jd = 1, Douyin = 2, WechatMp = 3, WechatOa = 4, App = 5, Web = 6, Pos = 7;

    /// <summary>Customers planned per time window: bounds the plan held for sorting (about 20 entries of 32 bytes each).</summary>
    private const int CustomersPerWindow = 100_000;

    /// <summary>The brand's channels; the index of each is the constant of the same name.</summary>
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

    /// <summary>
    /// The brand's messages in timestamp order (ties in a fixed order), lazily. The output depends on the
    /// options alone: the same options give the same messages, byte for byte, in every run.
    /// </summary>
    /// <remarks>
    /// The period is cut into time windows; each window plans every customer again (each from their own
    /// seeded generators, so with the same result), keeps the entries that fall inside it, sorts and renders
    /// them. Memory grows with one window's plan, not with the output; the default size is one window.
    /// </remarks>
    public static IEnumerable<DemoMessage> Generate(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Customers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Days);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MalformedRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MalformedRate, 1);
        return GenerateWindows(options, CustomersPerWindow);
    }

    /// <param name="customersPerWindow">Tests choose small windows to check that windows change nothing but memory.</param>
    internal static IEnumerable<DemoMessage> GenerateWindows(DemoOptions options, int customersPerWindow)
    {
        var end = options.End.UtcTicks;
        var start = options.End.AddDays(-options.Days).UtcTicks;
        var windows = (options.Customers + customersPerWindow - 1) / customersPerWindow;
        var renderer = new MessageRenderer(options.Seed);
        var malformed = new Random(Seeds.For(options.Seed, -1, 0));
        var customers = new CustomerProfile?[options.Customers];
        var plan = new List<PlannedEvent>();
        var sequence = 0L;
        for (var w = 0; w < windows; w++)
        {
            var windowStart = start + (end - start) / windows * w;
            var windowEnd = w == windows - 1 ? end + 1 : start + (end - start) / windows * (w + 1);
            Plan(options, start, end, windowStart, windowEnd, customers, plan);
            foreach (var planned in plan)
            {
                var messageId = string.Create(CultureInfo.InvariantCulture, $"demo-{options.Seed}-{sequence++}");
                var message = renderer.Render(planned, customers[planned.Customer]!, messageId);
                var broken = malformed.NextDouble() < options.MalformedRate;
                if (broken)
                {
                    Malformation.Break(message, malformed);
                }

                yield return new DemoMessage(Channels[planned.Channel].Key, message, broken);
            }
        }
    }

    private static void Plan(DemoOptions options, long start, long end, long windowStart, long windowEnd, CustomerProfile?[] customers, List<PlannedEvent> plan)
    {
        plan.Clear();
        Array.Clear(customers);
        for (var i = 0; i < options.Customers; i++)
        {
            var random = new Random(Seeds.For(options.Seed, i, Seeds.Behaviour));
            var activity = Activity.Draw(i, random, start, end);
            if (activity.First - TimeSpan.TicksPerDay >= windowEnd || activity.Last + Behaviour.Lookahead < windowStart)
            {
                continue;
            }

            var customer = CustomerProfile.Create(i, options.Seed, options.End.Year);
            var before = plan.Count;
            Behaviour.Plan(customer, activity, random, start, end, windowStart, windowEnd, plan);
            if (plan.Count > before)
            {
                customers[i] = customer;
            }
        }

        plan.Sort();
    }
}
