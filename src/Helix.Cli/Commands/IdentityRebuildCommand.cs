using System.CommandLine;
using Helix.Cli.Offline;
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
            // Read before the reset drops the journal that holds them.
            var current = rulesFromStart ? await helix.Store.RulesInForceAsync(cancellationToken) : null;
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
            AnsiConsole.MarkupLine($"Rebuilt from {end:N0} log records: {helix.Pipeline.PersonCount:N0} persons, {helix.Pipeline.DuplicatesDropped:N0} duplicates dropped.");
            return 0;
        }
    }
}
