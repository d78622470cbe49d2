using System.CommandLine;
using System.Globalization;
using Helix.Cli.Demo;
using Helix.Core;
using Helix.Core.Models;
using Helix.Core.Workspaces;
using Helix.DemoData;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server;
using Helix.Server.Tags;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary>
/// <c>helix demo</c>: serves a generated demo brand. The demo uses fixed, well-known keys (unless the
/// bootstrap environment variables say otherwise) so the README tour can be pasted as is; it listens on
/// loopback only by default.
/// </summary>
internal static class DemoCommand
{
    public const string DemoAdminKey = "hxk_demo_admin_key";
    public const string DemoWriteKey = "hxw_demo_write_key";

    public static Command Create()
    {
        var data = CommonOptions.Data("./helix-demo-data");
        var urls = CommonOptions.Urls();
        var jsonLogs = CommonOptions.JsonLogs();
        var customers = new Option<int>("--customers")
        {
            Description = "Number of demo customers (1 to 10,000,000).",
            DefaultValueFactory = _ => 20_000,
            CustomParser = result =>
            {
                if (int.TryParse(result.Tokens[^1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000_000)
                {
                    return n;
                }

                result.AddError("--customers must be a whole number from 1 to 10,000,000.");
                return 0;
            },
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator; the same seed gives the same data.", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Runs Helix with a generated demo brand (customers across channels, orders, page and product events).")
        {
            data, urls, jsonLogs, customers, seed,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ServeCommand.ServerOptions(parse.GetValue(data)!, parse.GetValue(urls)!, parse.GetValue(jsonLogs), DemoAdminKey, DemoWriteKey),
            new DemoOptions { Customers = parse.GetValue(customers), Seed = parse.GetValue(seed) },
            cancellationToken));
        return command;
    }

    /// <summary>
    /// Midnight today in workspace time: the demo's history ends where the tags' windows (orders_30d, active_30d…) are
    /// measured from, so they find customers. The same seed on the same day still gives the same data.
    /// </summary>
    private static DateTimeOffset Today(TimeProvider time) => WorkspaceTime.StartOf(WorkspaceTime.Day(time.GetUtcNow()));

    private static async Task<int> RunAsync(HelixServerOptions options, DemoOptions demo, CancellationToken cancellationToken)
    {
        await using var app = HelixServer.Build(options);
        await app.StartAsync(cancellationToken);
        var services = app.Services;
        var loader = new DemoLoader(
            services.GetRequiredService<IWorkspaceStore>(),
            services.GetRequiredService<CollectWriter>(),
            services.GetRequiredService<EventPipeline>(),
            services.GetRequiredService<DefinitionsSubmission>(),
            services.GetRequiredService<ModelRunner>(),
            services.GetRequiredService<Helix.Core.Journeys.IJourneyStore>(),
            services.GetRequiredService<TimeProvider>());
        var result = await loader.LoadAsync(demo with { End = Today(services.GetRequiredService<TimeProvider>()) }, cancellationToken);
        PrintTour(app.Urls.FirstOrDefault() ?? options.Urls, result);
        ServeCommand.PrintReady(app);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static void PrintTour(string url, DemoLoader.Result result)
    {
        AnsiConsole.MarkupLine(result.AlreadyLoaded
            ? "[green]Demo brand already loaded[/] in this data directory."
            : $"[green]Demo brand loaded:[/] {result.Accepted:N0} events accepted, {result.Rejected:N0} malformed events refused (deliberate bad input).");
        if (result.Definitions is { } definitions)
        {
            AnsiConsole.MarkupLine(
                $"[green]Profile definitions applied:[/] {definitions.Catalog.Tags.Count} tags in {definitions.Catalog.Categories.Count} categories, {definitions.ComputedTraits.Count} computed traits (v{definitions.Version}).");
        }
        if (result.Models is { } run)
        {
            AnsiConsole.MarkupLine($"[green]Model tags {Markup.Escape(WireNames.Of(run.Status))}:[/] " + string.Join(", ", run.Steps.Select(s =>
                s.Status == ModelStepStatus.Skipped ? $"{s.Tag} skipped" : $"{s.Tag} {s.Persons:N0} persons").Select(Markup.Escape)));
        }

        AnsiConsole.MarkupLine($"Helix listens on [bold]{Markup.Escape(url)}[/]. Try:");
        AnsiConsole.WriteLine($"  curl -s -H 'Authorization: Bearer {DemoAdminKey}' '{url}/api/v1/profiles/lookup?type=user_id&value=M00000001'");
        AnsiConsole.WriteLine($"  curl -s -H 'Authorization: Bearer {DemoAdminKey}' '{url}/api/v1/tags'");
        AnsiConsole.WriteLine($"  curl -s -u '{DemoWriteKey}:' -H 'Content-Type: application/json' -d '{{\"userId\":\"M00000001\",\"event\":\"Product Viewed\"}}' {url}/v1/track");
        AnsiConsole.WriteLine($"  curl -s -H 'Authorization: Bearer {DemoAdminKey}' '{url}/api/v1/journeys/birthday_coupon/statistics'");
        AnsiConsole.MarkupLine("Press [bold]Ctrl+C[/] to stop.");
    }
}
