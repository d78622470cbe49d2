using Helix.Cli.Commands;
using Helix.Core.Workspaces;
using Helix.Server.Workspaces;
using Helix.Storage.DuckDb;
using Spectre.Console;

namespace Helix.Cli.Offline;

/// <summary>
/// The frame every <c>helix import</c> command runs in: open the data directory (or explain why not),
/// create the default workspace on first use, find the source to import as, run the import inside a
/// progress display, then apply everything to the store before returning, so the data is queryable
/// when the command ends.
/// </summary>
internal static class OfflineImport
{
    /// <summary>What the import body gets: the directory, the source, and the progress display to add tasks to.</summary>
    public sealed record Session(OfflineHelix Helix, Source Source, ProgressContext Progress);

    /// <param name="DuplicatesDropped">Messages the pipeline dropped as already received (a re-import within the dedupe window).</param>
    public sealed record Result(int ExitCode, long DuplicatesDropped);

    public static async Task<Result> RunAsync(string data, string? writeKey, Func<Session, CancellationToken, Task> import, CancellationToken cancellationToken)
    {
        if (await OfflineHelix.OpenOrExplainAsync(data, cancellationToken) is not { } helix)
        {
            return new Result(3, 0);
        }

        await using (helix)
        {
            if (await Bootstrap.RunAsync(helix.Store, ServeCommand.ServerOptions(data, "", false), cancellationToken) is { } created)
            {
                ServeCommand.PrintBootstrap(created);
            }

            var source = await FindSourceAsync(helix.Store, writeKey, cancellationToken);
            if (source is null)
            {
                AnsiConsole.MarkupLine("[red]Unknown write key.[/] Pass the write key of one of the data directory's sources with --write-key.");
                return new Result(2, 0);
            }

            var duplicatesBefore = helix.Pipeline.DuplicatesDropped;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    await import(new Session(helix, source, progress), cancellationToken);
                    var applying = progress.AddTask("Building profiles", maxValue: Math.Max(helix.Log.End.Value - helix.Pipeline.Checkpoint, 1));
                    var start = helix.Pipeline.Checkpoint;
                    await helix.DrainAsync(new Progress<long>(checkpoint => applying.Value = checkpoint - start), cancellationToken);
                    applying.Value = applying.MaxValue;
                });
            return new Result(0, helix.Pipeline.DuplicatesDropped - duplicatesBefore);
        }
    }

    private static async Task<Source?> FindSourceAsync(DuckDbStore store, string? writeKey, CancellationToken cancellationToken)
    {
        if (writeKey is not null)
        {
            return await store.FindSourceByWriteKeyHashAsync(SecretKeys.Hash(writeKey), cancellationToken);
        }

        var sources = await store.ListSourcesAsync(new WorkspaceId(Bootstrap.DefaultWorkspaceId), cancellationToken);
        return sources.FirstOrDefault(s => s.Name == "default");
    }
}
