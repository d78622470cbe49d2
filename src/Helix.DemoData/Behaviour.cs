namespace Helix.DemoData;

/// <summary>
/// Plans what one customer does as sessions on their channels: anonymous browsing, a login that links
/// the device or cookie to the member id, coupons, carts and orders, refunds, store visits. The plan
/// draws the same numbers whatever the window, and keeps only the entries inside it, so a customer can
/// be planned once per window with consistent results.
/// </summary>
internal sealed class Behaviour
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const long Minute = TimeSpan.TicksPerMinute;
    private static readonly long ChinaOffset = TimeSpan.FromHours(8).Ticks;

    /// <summary>How long after the last activity an entry may come (a session moved to a later hour of the day, then a refund): a window must plan customers whose activity ended this long before it.</summary>
    public static readonly long Lookahead = TimeSpan.FromDays(12).Ticks;

    /// <summary>Sessions by local hour: lunch break and evenings, little at night.</summary>
    private static readonly WeightedChoice<int> Hours = new(
    [
        (0, 3), (1, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 4), (8, 6), (9, 6), (10, 7), (11, 8),
        (12, 11), (13, 9), (14, 6), (15, 6), (16, 6), (17, 7), (18, 8), (19, 10), (20, 13), (21, 14), (22, 12), (23, 7),
    ]);

    private readonly CustomerProfile _customer;
    private readonly Random _random;
    private readonly List<PlannedEvent> _plan;
    private readonly long _windowStart, _windowEnd, _end;
    private readonly int _tier;
    private readonly bool[] _identified = new bool[DemoBrand.Channels.Count];
    private readonly bool[] _used = new bool[DemoBrand.Channels.Count];
    private ushort _step;
    private ushort _orders;
    private byte _heldCoupon;
    private byte _channel;
    private byte _campaign;
    private bool _consented;

    private Behaviour(CustomerProfile customer, Random random, List<PlannedEvent> plan, long windowStart, long windowEnd, long end, int tier)
    {
        _customer = customer;
        _random = random;
        _plan = plan;
        _windowStart = windowStart;
        _windowEnd = windowEnd;
        _end = end;
        _tier = tier;
    }

    /// <summary>Adds the customer's entries with <paramref name="windowStart"/> ≤ time &lt; <paramref name="windowEnd"/> (and not after <paramref name="end"/>) to the plan.</summary>
    /// <param name="random">The customer's behaviour generator, after <see cref="Activity.Draw"/>.</param>
    public static void Plan(CustomerProfile customer, Activity activity, Random random, long start, long end, long windowStart, long windowEnd, List<PlannedEvent> plan) =>
        new Behaviour(customer, random, plan, windowStart, windowEnd, end, activity.Tier).Run(activity, start);

    private void Run(Activity activity, long start)
    {
        var sessions = Math.Max(1, activity.Orders + activity.Browses);
        var times = new long[sessions];
        times[0] = activity.First;
        for (var i = 1; i < sessions; i++)
        {
            times[i] = SessionTime(activity.First + (long)(_random.NextDouble() * (activity.Last - activity.First)), start);
        }

        Array.Sort(times);
        var ordersLeft = activity.Orders;
        var buyingChannels = _customer.Channels.Where(c => c != DemoBrand.WechatOa).ToArray();
        for (var i = 0; i < sessions; i++)
        {
            // Exactly Orders of the sessions are purchases, spread like a draw without replacement.
            var buys = ordersLeft > 0 && _random.Next(sessions - i) < ordersLeft;
            if (buys)
            {
                ordersLeft--;
            }

            var channel = buys && buyingChannels.Length > 0 ? PickChannel(buyingChannels) : PickChannel(_customer.Channels);
            Session(times[i], channel, buys && channel != DemoBrand.WechatOa);
        }
    }

    /// <summary>Moves a uniformly drawn moment to a plausible local hour of the same day.</summary>
    private long SessionTime(long t, long start)
    {
        var localDay = (t + ChinaOffset) / TimeSpan.TicksPerDay * TimeSpan.TicksPerDay - ChinaOffset;
        var shaped = localDay + Hours.Next(_random) * TimeSpan.TicksPerHour + _random.Next(3600) * Second;
        return Math.Clamp(shaped, start, _end);
    }

    /// <summary>The first channel is the customer's main one: half their sessions are there.</summary>
    private byte PickChannel(byte[] channels) =>
        channels.Length == 1 || _random.NextDouble() < 0.5 ? channels[0] : channels[_random.Next(channels.Length)];

    private void Session(long t, byte channel, bool buys)
    {
        _channel = channel;
        var firstVisit = !_used[channel];
        _used[channel] = true;
        _campaign = channel != DemoBrand.Pos && _random.NextDouble() < 0.22
            ? Campaigns.Pick(_random, new DateTimeOffset(t + ChinaOffset, TimeSpan.Zero).Month)
            : (byte)0;
        t += _random.Next(60) * Second + _random.Next(1000) * TimeSpan.TicksPerMillisecond;
        switch (channel)
        {
            case DemoBrand.WechatOa:
                OfficialAccount(t, firstVisit);
                break;
            case DemoBrand.Pos:
                Store(t, buys);
                break;
            case DemoBrand.Tmall or DemoBrand.Jd or DemoBrand.Douyin:
                Marketplace(t, firstVisit, buys);
                break;
            default:
                Owned(t, buys);
                break;
        }
    }

    /// <summary>Site, app and mini program: anonymous until the customer logs in; buying needs a login.</summary>
    private void Owned(long t, bool buys)
    {
        var view = _channel == DemoBrand.Web ? EventKind.Page : EventKind.Screen;
        Add(ref t, view, detail: 0);
        if (!_identified[_channel] && (buys || _customer.Index == 0 || _random.NextDouble() < 0.3))
        {
            Add(ref t, EventKind.Identify, detail: _tier, gap: 30 * Second);
            _identified[_channel] = true;
            StateConsents(ref t);
        }

        if (_channel != DemoBrand.Web && _random.NextDouble() < 0.12)
        {
            ReceiveCoupon(ref t);
        }

        Browse(ref t, view);
        if (buys)
        {
            Buy(ref t, withCart: true);
        }
        else if (_random.NextDouble() < 0.2)
        {
            // An abandoned cart: added, never bought.
            Add(ref t, EventKind.ProductAdded, detail: _random.Next(), item: 0);
        }
    }

    /// <summary>Tmall, JD and Douyin send what the platform shares: views and orders under the platform's id, and the phone once the buyer joins the brand's membership.</summary>
    private void Marketplace(long t, bool firstVisit, bool buys)
    {
        if (firstVisit && _customer.JoinsMarketplaceMembership && (buys || _random.NextDouble() < 0.5))
        {
            Add(ref t, EventKind.Identify, detail: _tier);
            _identified[_channel] = true;
            StateConsents(ref t);
        }

        if (_channel == DemoBrand.Douyin && _random.NextDouble() < 0.15)
        {
            ReceiveCoupon(ref t);
        }

        for (var views = _random.Next(1, 4); views > 0; views--)
        {
            Add(ref t, EventKind.ProductViewed, detail: NextProduct(), gap: 40 * Second);
        }

        if (buys)
        {
            Buy(ref t, withCart: false);
        }
    }

    /// <summary>The official account: following it, reading articles, receiving coupons; purchases happen elsewhere.</summary>
    private void OfficialAccount(long t, bool firstVisit)
    {
        if (firstVisit)
        {
            Add(ref t, EventKind.Followed, detail: 0);
            Add(ref t, EventKind.ConsentUpdated, detail: DemoConsents.Follow, gap: 0);
        }

        Add(ref t, EventKind.Page, detail: 1 + _random.Next(MessageRenderer.Articles.Length), gap: 10 * Second);
        if (_random.NextDouble() < 0.25)
        {
            ReceiveCoupon(ref t);
        }
    }

    /// <summary>A store visit: the guide scans the member code; the first visit registers the member at the till.</summary>
    private void Store(long t, bool buys)
    {
        if (!_identified[DemoBrand.Pos])
        {
            _identified[DemoBrand.Pos] = true;
            Add(ref t, EventKind.Identify, detail: _tier);
            StateConsents(ref t);
        }

        Add(ref t, EventKind.StoreVisited, detail: 0, gap: 2 * Minute);
        if (buys)
        {
            Buy(ref t, withCart: false);
        }
    }

    /// <summary>A membership form asks for consents: all of them the first time, the SMS box again on each later channel.</summary>
    private void StateConsents(ref long t)
    {
        Add(ref t, EventKind.ConsentUpdated, detail: _consented ? DemoConsents.LaterRegistration : DemoConsents.Registration, gap: 0);
        _consented = true;
    }

    private void Browse(ref long t, EventKind view)
    {
        for (var views = _random.Next(1, 4); views > 0; views--)
        {
            if (_random.NextDouble() < 0.3)
            {
                Add(ref t, view, detail: 1 + _random.Next(MessageRenderer.Pages.Length - 1), gap: 40 * Second);
            }

            Add(ref t, EventKind.ProductViewed, detail: NextProduct(), gap: 40 * Second);
        }
    }

    private void Buy(ref long t, bool withCart)
    {
        var seed = _random.Next();
        var basket = Basket.Create(seed, _customer.FavouriteCategory, _heldCoupon);
        _orders++;
        if (withCart)
        {
            for (var item = 0; item < basket.Lines.Length; item++)
            {
                Add(ref t, EventKind.ProductAdded, detail: seed, order: _orders, item: (byte)item, gap: Minute);
            }

            Add(ref t, EventKind.CartViewed, detail: seed, order: _orders, gap: Minute);
            Add(ref t, EventKind.CheckoutStarted, detail: seed, order: _orders, gap: Minute);
        }

        if (basket.UsesHeldCoupon)
        {
            Add(ref t, EventKind.CouponApplied, detail: seed, order: _orders, gap: 30 * Second);
        }

        Add(ref t, EventKind.OrderCompleted, detail: seed, order: _orders, gap: 2 * Minute);
        if (_random.NextDouble() < 0.035)
        {
            var refunded = t + (2 + _random.Next(9)) * TimeSpan.TicksPerDay + _random.Next(86_400) * Second;
            Add(ref refunded, EventKind.OrderRefunded, detail: seed, order: _orders, gap: 0);
        }

        if (basket.UsesHeldCoupon)
        {
            _heldCoupon = 0;
        }
    }

    private void ReceiveCoupon(ref long t)
    {
        var coupon = (byte)(1 + _random.Next(Coupons.Held.Length - 1));
        Add(ref t, EventKind.CouponReceived, detail: coupon, gap: 20 * Second);
        _heldCoupon = coupon;
    }

    /// <summary>Mostly the favourite category, sometimes anything.</summary>
    private int NextProduct()
    {
        var (first, size) = Catalog.Range(_random.NextDouble() < 0.6 ? _customer.FavouriteCategory : _random.Next(Catalog.Categories));
        return first + _random.Next(size);
    }

    /// <summary>Advances the clock by about <paramref name="gap"/> and adds the entry if it falls in the window.</summary>
    private void Add(ref long t, EventKind kind, int detail, ushort order = 0, byte item = 0, long gap = 5 * Second)
    {
        if (gap > 0)
        {
            t += gap / 2 + (long)(_random.NextDouble() * gap);
            t -= t % TimeSpan.TicksPerMillisecond;
        }

        var heldCoupon = kind is EventKind.ProductAdded or EventKind.CartViewed or EventKind.CheckoutStarted or EventKind.CouponApplied or EventKind.OrderCompleted or EventKind.OrderRefunded
            ? _heldCoupon
            : (byte)0;
        var step = _step++;
        if (t >= _windowStart && t < _windowEnd && t <= _end)
        {
            _plan.Add(new PlannedEvent(t, _customer.Index, step, kind, _channel, _identified[_channel] || kind == EventKind.Identify, _campaign, detail, order, item, heldCoupon));
        }
    }
}
