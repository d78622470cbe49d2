using System.CommandLine;

namespace Helix.Cli.Commands;

/// <summary>Options shared by several commands, so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Data(string defaultDirectory = "./helix-data") => new("--data")
    {
        Description = "The data directory (event log and embedded store).",
        DefaultValueFactory = _ => defaultDirectory,
    };

    public static Option<string> Urls() => new("--urls")
    {
        Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';').",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HELIX_URLS") ?? "http://127.0.0.1:8080",
    };

    public static Option<bool> JsonLogs() => new("--json-logs")
    {
        Description = "Write logs as JSON lines.",
    };

    public static Option<string?> WriteKey() => new("--write-key")
    {
        Description = "The write key of the source to import as (default: the default source).",
    };

    public static Option<FileInfo?> Rejected(string defaultName) => new("--rejected")
    {
        Description = $"Where to write rejected rows and their reasons (default: {defaultName}).",
    };
}
