using Helix.Cli.Commands;

return await HelixCommand.Create().Parse(args).InvokeAsync();
