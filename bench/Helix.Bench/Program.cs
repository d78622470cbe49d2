using Helix.Bench.Analytics;
using Helix.Bench.Audiences;
using Helix.Bench.Identity;
using Helix.Bench.Journeys;
using Helix.Bench.Ingestion;
using Helix.Bench.Resolution;
using Helix.Bench.Tags;

// Whole-system benchmarks. Each reports its figure next to a baseline measured in the same run.
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    "identity" => await IdentityBenchmark.RunAsync(args[1..]),
    "resolve" => await ResolveBenchmark.RunAsync(args[1..]),
    "tags" => await TagsBenchmark.RunAsync(args[1..]),
    "tags-live" => await TagsLiveBenchmark.RunAsync(args[1..]),
    "audiences" => await AudiencesBenchmark.RunAsync(args[1..]),
    "segments-live" => await SegmentsLiveBenchmark.RunAsync(args[1..]),
    "analytics" => await AnalyticsBenchmark.RunAsync(args[1..]),
    "journeys" => await JourneysBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Helix.Bench ingest [--events N] [--batch N] [--clients N] | identity [--identifiers N]\n" +
        "       | resolve [--events N] [--paced-events N] [--paced-seconds N] [--pace F] [--batch N] [--clients N] [--seed N] [--poll-ms N] [--warm-up N]\n" +
        "       | tags [--persons N] [--events N] [--seed N]\n" +
        "       | tags-live [--events N] [--persons N] [--batch N] [--clients N] [--probes N] [--poll-ms N] [--warm-up N] [--seed N]\n" +
        "       | audiences [--persons N] [--events N] [--runs N] [--seed N]\n" +
        "       | segments-live [--events N] [--persons N] [--seconds N] [--rate F] [--probes-per-second F] [--batch N] [--clients N] [--poll-ms N] [--seed N]\n" +
        "       | analytics [--persons N] [--events N] [--runs N] [--seed N]\n" +
        "       | journeys [--persons N] [--wait-minutes N] [--probes N]");
    return 2;
}
