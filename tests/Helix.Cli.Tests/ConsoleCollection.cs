namespace Helix.Cli.Tests;

/// <summary>
/// Commands draw Spectre.Console progress displays, and Spectre allows one live display per process
/// at a time: tests that invoke commands run one after another in this collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "helix console";
}
