using Helix.Bench.Identity;
using Helix.Bench.Ingestion;

// Whole-system benchmarks. Each reports its figure next to a baseline measured in the same run.
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    "identity" => await IdentityBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Helix.Bench ingest [--events N] [--batch N] [--clients N] | identity [--identifiers N]");
    return 2;
}
