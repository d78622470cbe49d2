using System.CommandLine;
using System.Text.Json;
using Helix.Cli.Offline;
using Helix.Core.Collect;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Server.Workspaces;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary>
/// <c>helix import events FILE</c>: imports a JSON Lines file of Segment-spec messages into a data
/// directory (the server must not be running on it). Invalid lines go to a rejected-rows file with
/// their reasons; the rest is imported.
/// </summary>
internal static class ImportEventsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON Lines file: one message per line, each with its 'type'." };
        var data = CommonOptions.Data();
        var writeKey = new Option<string?>("--write-key") { Description = "The write key of the source to import as (default: the default source)." };
        var rejected = new Option<FileInfo?>("--rejected") { Description = "Where to write rejected lines (default: FILE.rejected.jsonl)." };
        var command = new Command("events", "Imports events from a JSON Lines file.") { file, data, writeKey, rejected };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, parse.GetValue(data)!, parse.GetValue(writeKey), parse.GetValue(rejected), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(FileInfo file, string data, string? writeKey, FileInfo? rejectedFile, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            AnsiConsole.MarkupLine($"[red]No such file:[/] {Markup.Escape(file.FullName)}");
            return 2;
        }

        if (await OfflineHelix.OpenOrExplainAsync(data, cancellationToken) is not { } helix)
        {
            return 3;
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
                return 2;
            }

            var rejectedPath = rejectedFile?.FullName ?? file.FullName + ".rejected.jsonl";
            var summary = await ImportAsync(helix, file, source, rejectedPath, cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("lines").AddColumn("imported").AddColumn("rejected");
            table.AddRow($"{summary.Lines:N0}", $"{summary.Imported:N0}", $"{summary.Rejected:N0}");
            AnsiConsole.Write(table);
            if (summary.Rejected > 0)
            {
                AnsiConsole.MarkupLine($"Rejected lines and their reasons: [bold]{Markup.Escape(rejectedPath)}[/]");
            }

            return 0;
        }
    }

    private static async Task<ImportSummary> ImportAsync(OfflineHelix helix, FileInfo file, Source source, string rejectedPath, CancellationToken cancellationToken)
    {
        ImportSummary? summary = null;
        StreamWriter? rejectedWriter = null;
        try
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var reading = progress.AddTask($"Importing {file.Name}", maxValue: Math.Max(file.Length, 1));
                    await using var input = file.OpenRead();
                    var importer = new JsonLinesImporter(helix.Writer, TimeProvider.System);
                    summary = await importer.ImportAsync(
                        input,
                        CollectEnvelope.For(source, TimeProvider.System.GetUtcNow()),
                        rejection =>
                        {
                            rejectedWriter ??= new StreamWriter(rejectedPath, append: false);
                            rejectedWriter.WriteLine(JsonSerializer.Serialize(new
                            {
                                line = rejection.Line,
                                errors = rejection.Errors.Select(e => new { field = e.Field, reason = e.Reason }),
                                text = rejection.Text,
                            }));
                        },
                        new Progress<long>(bytes => reading.Value = bytes),
                        cancellationToken);
                    reading.Value = reading.MaxValue;

                    var applying = progress.AddTask("Building profiles", maxValue: Math.Max(helix.Log.End.Value - helix.Pipeline.Checkpoint, 1));
                    var start = helix.Pipeline.Checkpoint;
                    await helix.DrainAsync(new Progress<long>(checkpoint => applying.Value = checkpoint - start), cancellationToken);
                    applying.Value = applying.MaxValue;
                });
        }
        finally
        {
            if (rejectedWriter is not null)
            {
                await rejectedWriter.DisposeAsync();
            }
        }

        return summary!;
    }

    private static async Task<Source?> FindSourceAsync(Storage.DuckDb.DuckDbStore store, string? writeKey, CancellationToken cancellationToken)
    {
        if (writeKey is not null)
        {
            return await store.FindSourceByWriteKeyHashAsync(SecretKeys.Hash(writeKey), cancellationToken);
        }

        var sources = await store.ListSourcesAsync(new WorkspaceId(Bootstrap.DefaultWorkspaceId), cancellationToken);
        return sources.FirstOrDefault(s => s.Name == "default");
    }
}
