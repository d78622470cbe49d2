namespace Helix.DemoData;

/// <summary>
/// When a customer is active and how much they buy, drawn first from the customer's behaviour generator
/// so that a time window can skip a customer without planning them. Retail-like: about a third never
/// buy, most of the rest buy once or twice (geometric), a heavy tail buys often (Pareto); first
/// contact and churn vary, so every RFM group is populated.
/// </summary>
internal readonly record struct Activity(long First, long Last, int Orders, int Browses)
{
    public static Activity Draw(int customer, Random random, long start, long end)
    {
        var range = end - start;
        if (customer == 0)
        {
            return new Activity(start + range / 30, end, 24, 16);
        }

        var segment = random.NextDouble();
        int orders;
        double firstFraction, lifeDays;
        if (segment < 0.34)
        {
            orders = 0;
            firstFraction = random.NextDouble();
            lifeDays = Exponential(random, 10);
        }
        else if (segment < 0.89)
        {
            orders = 1 + Geometric(random, 0.6);
            firstFraction = random.NextDouble();
            lifeDays = Exponential(random, 40);
        }
        else
        {
            // Loyal buyers were mostly members before the window opened; a quarter of them drift away.
            orders = Math.Min(60, 3 + (int)((Pareto(random, 1.5) - 1) * 3));
            firstFraction = random.NextDouble() * random.NextDouble() * 0.7;
            lifeDays = random.NextDouble() < 0.25 ? Exponential(random, 50) : Exponential(random, 500);
        }

        var browses = Geometric(random, 0.45);
        var first = start + (long)(firstFraction * range);
        var last = Math.Min(end, first + (long)(lifeDays * TimeSpan.TicksPerDay) + TimeSpan.TicksPerHour);
        return new Activity(first, last, orders, browses);
    }

    /// <summary>A loyalty tier that fits how much the customer buys.</summary>
    public int Tier => Orders switch { < 2 => 0, < 5 => 1, < 12 => 2, _ => 3 };

    private static double Exponential(Random random, double mean) => -Math.Log(1 - random.NextDouble()) * mean;

    /// <summary>Failures before the first success: 0 with probability p.</summary>
    private static int Geometric(Random random, double p) => (int)Math.Min(1000, Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - p)));

    private static double Pareto(Random random, double alpha) => Math.Pow(1 - random.NextDouble(), -1 / alpha);
}
