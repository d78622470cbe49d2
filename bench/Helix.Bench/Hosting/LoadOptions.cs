namespace Helix.Bench.Hosting;

/// <summary>The options shared by the benchmarks that load a real server through <c>/v1/batch</c>.</summary>
internal sealed record LoadOptions(int Events, int BatchSize, int Clients, int Seed, TimeSpan PollInterval, int WarmUp)
{
    public static LoadOptions Read(string[] args) => new(
        Arguments.Int(args, "--events", 300_000),
        Arguments.Int(args, "--batch", 100),
        Arguments.Int(args, "--clients", 16),
        Arguments.Int(args, "--seed", 1),
        TimeSpan.FromMilliseconds(Arguments.Int(args, "--poll-ms", 5)),
        Arguments.Int(args, "--warm-up", 20_000));
}
