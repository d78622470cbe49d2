using System.CommandLine;
using Helix.Server;
using Microsoft.AspNetCore.Builder;
using Helix.Server.Workspaces;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary><c>helix serve</c>: runs the server until Ctrl+C or SIGTERM, then shuts down gracefully.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var urls = CommonOptions.Urls();
        var jsonLogs = CommonOptions.JsonLogs();
        var command = new Command("serve", "Runs Helix with its embedded storage.") { data, urls, jsonLogs };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ServerOptions(parse.GetValue(data)!, parse.GetValue(urls)!, parse.GetValue(jsonLogs)), cancellationToken));
        return command;
    }

    /// <summary>Server options from flags and the bootstrap environment variables.</summary>
    public static HelixServerOptions ServerOptions(string data, string urls, bool jsonLogs, string? defaultAdminKey = null, string? defaultWriteKey = null) => new()
    {
        DataDirectory = data,
        Urls = urls,
        JsonLogs = jsonLogs,
        BootstrapAdminKey = Environment.GetEnvironmentVariable("HELIX_BOOTSTRAP_ADMIN_KEY") ?? defaultAdminKey,
        BootstrapWriteKey = Environment.GetEnvironmentVariable("HELIX_BOOTSTRAP_WRITE_KEY") ?? defaultWriteKey,
        OnBootstrap = PrintBootstrap,
    };

    public static async Task<int> RunAsync(HelixServerOptions options, CancellationToken cancellationToken)
    {
        await using var app = HelixServer.Build(options);
        await app.StartAsync(cancellationToken);
        PrintReady(app);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Tests and scripts wait for this line rather than polling.</summary>
    public static void PrintReady(WebApplication app) =>
        Console.WriteLine($"Helix is ready on {string.Join(", ", app.Urls)}");

    /// <summary>The only time a generated key is shown: it is stored hashed.</summary>
    public static void PrintBootstrap(BootstrapResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("First start: workspace created");
        table.AddColumn("what").AddColumn("value");
        table.AddRow("workspace", result.WorkspaceId);
        table.AddRow("admin API key" + (result.AdminKeyGenerated ? " (generated, shown once)" : ""), Markup.Escape(result.AdminKey));
        table.AddRow("write key of source 'default'" + (result.WriteKeyGenerated ? " (generated, shown once)" : ""), Markup.Escape(result.WriteKey));
        AnsiConsole.Write(table);
    }
}
