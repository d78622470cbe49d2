using System.CommandLine;
using Helix.Cli.Offline;
using Helix.Core.Collect;
using Helix.Engine.Ingestion;
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
        var writeKey = CommonOptions.WriteKey();
        var rejected = CommonOptions.Rejected("FILE.rejected.jsonl");
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

        ImportSummary? summary = null;
        await using var rejected = new RejectedFile(rejectedFile?.FullName ?? file.FullName + ".rejected.jsonl");
        var result = await OfflineImport.RunAsync(data, writeKey, async (session, cancellationToken) =>
        {
            var reading = session.Progress.AddTask($"Importing {file.Name}", maxValue: Math.Max(file.Length, 1));
            await using var input = file.OpenRead();
            var importer = new JsonLinesImporter(session.Helix.Writer, TimeProvider.System);
            summary = await importer.ImportAsync(
                input,
                CollectEnvelope.For(session.Source, TimeProvider.System.GetUtcNow()),
                rejection => rejected.Write(new
                {
                    line = rejection.Line,
                    errors = rejection.Errors.Select(e => new { field = e.Field, reason = e.Reason }),
                    text = rejection.Text,
                }),
                new Progress<long>(bytes => reading.Value = bytes),
                cancellationToken);
            reading.Value = reading.MaxValue;
        }, cancellationToken);
        if (summary is null)
        {
            return result.ExitCode;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("lines").AddColumn("imported").AddColumn("rejected").AddColumn("already imported");
        table.AddRow($"{summary.Lines:N0}", $"{summary.Imported:N0}", $"{summary.Rejected:N0}", $"{result.DuplicatesDropped:N0}");
        AnsiConsole.Write(table);
        if (summary.Rejected > 0)
        {
            AnsiConsole.MarkupLine($"Rejected lines and their reasons: [bold]{Markup.Escape(rejected.Path)}[/]");
        }

        return result.ExitCode;
    }
}
