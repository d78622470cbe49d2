using System.CommandLine;

namespace Helix.Cli.Commands;

/// <summary>The <c>helix</c> command and its subcommands, one file each.</summary>
internal static class HelixCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Helix: an open-source customer data platform with marketing automation.");
        root.Add(ServeCommand.Create());
        root.Add(DemoCommand.Create());
        var import = new Command("import", "Imports data files into a Helix data directory.");
        import.Add(ImportEventsCommand.Create());
        import.Add(ImportOrdersCommand.Create());
        root.Add(import);
        var identity = new Command("identity", "Identity resolution (One ID) tasks.");
        identity.Add(IdentityRebuildCommand.Create());
        root.Add(identity);
        root.Add(ReportCommand.Create());
        return root;
    }
}
