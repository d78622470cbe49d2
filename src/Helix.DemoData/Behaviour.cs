namespace Helix.DemoData;

/// <summary>What a customer does, planned as light entries that are sorted by time and rendered later.</summary>
internal static class Behaviour
{
    public enum Kind : byte
    {
        Identify,
        View,
        Followed,
        ProductViewed,
        ProductAdded,
        CheckoutStarted,
        OrderCompleted,
        OrderRefunded,
        CouponReceived,
    }

    /// <param name="Order">Order number for order events; 0 otherwise.</param>
    public readonly record struct Planned(long Ticks, int Customer, int Step, Kind Kind, byte Channel, short Product, byte Quantity, int Order, bool Identified, bool Campaign);

    public static void Plan(Customer customer, DemoOptions options, Random random, List<Planned> plan)
    {
        var start = options.End.AddDays(-options.Days);
        var t = start.AddMinutes(random.NextDouble() * options.Days * 0.8 * 24 * 60);
        var sessions = customer.Index == 0 ? 12 : 1 + (int)Math.Min(30, -Math.Log(1 - random.NextDouble()) * (1 + customer.Propensity * 10));
        var identified = new HashSet<string>();
        var step = 0;
        var order = 0;
        for (var s = 0; s < sessions && t < options.End; s++)
        {
            var channel = customer.Channels[random.Next(customer.Channels.Length)];
            var channelIndex = (byte)DemoBrand.ChannelIndex(channel);
            var campaign = random.NextDouble() < 0.2;
            void Add(Kind kind, short product = -1, byte quantity = 0, int orderNumber = 0, DateTimeOffset? at = null) =>
                plan.Add(new Planned((at ?? t).UtcTicks, customer.Index, step++, kind, channelIndex, product, quantity, orderNumber, identified.Contains(channel), campaign));

            if (channel == "wechat_oa" && s == 0)
            {
                Add(Kind.Followed);
            }

            // POS members are always identified; apps and sites log in on some visit; marketplace buyers only if they join the membership.
            var logsIn = channel == "pos" || customer.Index == 0 || (channel is "web" or "app" or "wechat_mp" ? random.NextDouble() < 0.6 : customer.JoinsMarketplaceMembership);
            if (!identified.Contains(channel) && logsIn && channel != "wechat_oa")
            {
                if (channel is "web" or "app" or "wechat_mp")
                {
                    Add(Kind.View);
                    t = t.AddMinutes(1 + random.Next(5));
                }

                identified.Add(channel);
                Add(Kind.Identify);
            }

            if (channel != "pos")
            {
                Add(Kind.View);
            }

            var favourite = (short)(customer.FavouriteCategory * 5 % Catalog.Products.Length);
            for (var v = random.Next(1, 4); v > 0; v--)
            {
                t = t.AddSeconds(20 + random.Next(240));
                Add(Kind.ProductViewed, random.NextDouble() < 0.6 ? (short)((favourite + random.Next(4)) % Catalog.Products.Length) : (short)random.Next(Catalog.Products.Length));
            }

            if (random.NextDouble() < customer.Propensity)
            {
                var product = (short)((favourite + random.Next(5)) % Catalog.Products.Length);
                var quantity = (byte)(1 + random.Next(3));
                t = t.AddMinutes(1 + random.Next(10));
                if (channel != "pos")
                {
                    Add(Kind.ProductAdded, product, quantity);
                    t = t.AddMinutes(1 + random.Next(10));
                    Add(Kind.CheckoutStarted, product, quantity);
                }

                order++;
                t = t.AddMinutes(1 + random.Next(5));
                Add(Kind.OrderCompleted, product, quantity, order);
                if (random.NextDouble() < 0.04)
                {
                    Add(Kind.OrderRefunded, product, quantity, order, t.AddDays(3 + random.Next(8)));
                }
            }

            if (random.NextDouble() < 0.1 && channel is "wechat_oa" or "wechat_mp" or "app")
            {
                Add(Kind.CouponReceived);
            }

            t = t.AddDays(-Math.Log(1 - random.NextDouble()) * options.Days / (2 + sessions)).AddMinutes(random.Next(600));
        }
    }
}
