using System.CommandLine;
using Helix.Cli.Offline;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary>
/// <c>helix identity rebuild</c>: drops every derived table and replays the event log through the
/// same pipeline as live traffic, so persons, identities and merges are recomputed under the current
/// rules. The log is the source of truth; nothing acknowledged can be lost by a rebuild.
/// </summary>
internal static class IdentityRebuildCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var command = new Command("rebuild", "Recomputes persons and identities by replaying the event log (the server must be stopped).") { data };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(data)!, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string data, CancellationToken cancellationToken)
    {
        if (await OfflineHelix.OpenOrExplainAsync(data, cancellationToken) is not { } helix)
        {
            return 3;
        }

        await using (helix)
        {
            await helix.Store.ResetDerivedAsync(cancellationToken);
            await helix.Pipeline.LoadAsync(cancellationToken);
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
