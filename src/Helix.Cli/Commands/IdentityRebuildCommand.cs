using System.CommandLine;
using System.Text.Json;
using Helix.Cli.Offline;
using Helix.Core.Identity;
using Helix.Core.Workspaces;
using Helix.Engine.Pipeline;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary>
/// <c>helix identity rebuild</c>: drops every derived table and replays the event log through the
/// same pipeline as live traffic, so persons, identities and merges are recomputed. Each rules version
/// applies from its place in the log; with <c>--rules-from-start</c>, each workspace's current rules apply
/// to all of it (what <c>POST /api/v1/identity/rules/simulate</c> predicts). The log is the source of
/// truth; nothing acknowledged can be lost by a rebuild.
/// </summary>
internal static class IdentityRebuildCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var fromStart = new Option<bool>("--rules-from-start")
        {
            Description = "Apply each workspace's current identity rules to the whole log, instead of each version from the point it was set.",
        };
        var command = new Command("rebuild", "Recomputes persons and identities by replaying the event log (the server must be stopped).") { data, fromStart };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(data)!, parse.GetValue(fromStart), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string data, bool rulesFromStart, CancellationToken cancellationToken)
    {
        if (await OfflineHelix.OpenOrExplainAsync(data, cancellationToken) is not { } helix)
        {
            return 3;
        }

        await using (helix)
        {
            var current = await RulesToPinAsync(helix, data, rulesFromStart, cancellationToken);
            await helix.ResetAsync(new PipelineOptions { RulesFromStart = current }, cancellationToken);
            var end = helix.Log.End.Value;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var replaying = progress.AddTask("Replaying the event log", maxValue: Math.Max(end, 1));
                    await helix.DrainAsync(new Progress<long>(checkpoint => replaying.Value = checkpoint), cancellationToken);
                    replaying.Value = replaying.MaxValue;
                });
            File.Delete(PinFile(data));
            AnsiConsole.MarkupLine($"Rebuilt from {end:N0} log records: {helix.Pipeline.PersonCount:N0} persons, {helix.Pipeline.DuplicatesDropped:N0} duplicates dropped.");
            return 0;
        }
    }

    /// <summary>Where the pinned rules wait until the rebuild is done: the reset drops the journal they are read from.</summary>
    private static string PinFile(string data) => Path.Combine(data, "rebuild-rules-from-start.json");

    /// <summary>
    /// The rules to apply from the start: read from the journal and kept in a file first, or read back from
    /// that file when an earlier <c>--rules-from-start</c> rebuild was interrupted after its reset.
    /// </summary>
    private static async Task<Dictionary<WorkspaceId, IdentityRules>?> RulesToPinAsync(OfflineHelix helix, string data, bool rulesFromStart, CancellationToken cancellationToken)
    {
        var file = PinFile(data);
        if (!rulesFromStart)
        {
            File.Delete(file);
            return null;
        }

        Dictionary<string, string> specs;
        if (File.Exists(file))
        {
            AnsiConsole.MarkupLine("Resuming an interrupted rebuild with the rules it started with.");
            specs = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(file, cancellationToken))!;
        }
        else
        {
            specs = (await helix.Store.RulesInForceAsync(cancellationToken)).ToDictionary(r => r.Key.Value, r => r.Value);
            await File.WriteAllTextAsync(file + ".tmp", JsonSerializer.Serialize(specs), cancellationToken);
            File.Move(file + ".tmp", file, overwrite: true);
        }

        return specs.ToDictionary(s => new WorkspaceId(s.Key), s => IdentityRulesSpec.FromStored(s.Value));
    }
}
