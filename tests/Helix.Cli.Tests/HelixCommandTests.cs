using Helix.Cli.Commands;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb;
using Helix.Testing;

namespace Helix.Cli.Tests;

/// <summary>The commands, run in-process as the shell would run them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class HelixCommandTests
{
    [Theory]
    [InlineData("demo", "--customers", "0")]
    [InlineData("demo", "--customers", "lots")]
    [InlineData("import", "events")]
    [InlineData("serve", "--unknown")]
    public void BadArguments_AreParseErrors(params string[] args)
    {
        var result = HelixCommand.Create().Parse(args);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task ImportMissingFile_Returns2()
    {
        using var data = new TempDirectory("helix-cli");

        var exit = await HelixCommand.Create().Parse(["import", "events", data.File("missing.jsonl"), "--data", data.Path]).InvokeAsync();

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task ImportWithUnknownWriteKey_Returns2AndImportsNothing()
    {
        using var data = new TempDirectory("helix-cli");
        await File.WriteAllTextAsync(data.File("e.jsonl"), """{"type":"track","userId":"u","event":"E"}""");

        var exit = await HelixCommand.Create().Parse(["import", "events", data.File("e.jsonl"), "--data", data.Path, "--write-key", "hxw_nope"]).InvokeAsync();

        Assert.Equal(2, exit);
        await using var store = await DuckDbStore.OpenAsync(Path.Combine(data.Path, "helix.duckdb"), TimeProvider.System);
        Assert.Equal(0, await store.CountEventsAsync(new WorkspaceId("default")));
    }

    [Fact]
    public async Task Import_AppliesEventsToTheStoreBeforeItReturns()
    {
        using var data = new TempDirectory("helix-cli");
        await File.WriteAllLinesAsync(data.File("e.jsonl"), Enumerable.Range(0, 2_500).Select(i => $$"""{"type":"track","userId":"u{{i % 10}}","event":"E","messageId":"m{{i}}"}"""));

        var exit = await HelixCommand.Create().Parse(["import", "events", data.File("e.jsonl"), "--data", data.Path]).InvokeAsync();

        Assert.Equal(0, exit);
        await using var store = await DuckDbStore.OpenAsync(Path.Combine(data.Path, "helix.duckdb"), TimeProvider.System);
        Assert.Equal(2_500, await store.CountEventsAsync(new WorkspaceId("default")));
        Assert.Equal(2_500, await store.GetCheckpointAsync());
        Assert.False(File.Exists(data.File("e.jsonl.rejected.jsonl")));
    }

    [Fact]
    public async Task IdentityRebuild_ReproducesTheStoreFromTheLog()
    {
        using var data = new TempDirectory("helix-cli");
        await File.WriteAllLinesAsync(data.File("e.jsonl"), Enumerable.Range(0, 600).Select(i => i % 3 == 0
            ? $$"""{"type":"identify","userId":"u{{i % 40}}","anonymousId":"d{{i % 70}}","traits":{"phone":"1380000{{i % 40:0000}}"},"messageId":"m{{i}}"}"""
            : $$"""{"type":"track","anonymousId":"d{{i % 70}}","event":"E","messageId":"m{{i}}"}"""));
        Assert.Equal(0, await HelixCommand.Create().Parse(["import", "events", data.File("e.jsonl"), "--data", data.Path]).InvokeAsync());
        var before = await DescribeAsync(data.Path);

        var exit = await HelixCommand.Create().Parse(["identity", "rebuild", "--data", data.Path]).InvokeAsync();

        Assert.Equal(0, exit);
        Assert.Equal(before, await DescribeAsync(data.Path));
        Assert.Contains("persons", before, StringComparison.Ordinal);

        // With no rules versions in the log, today's rules from the start are the same rules.
        Assert.Equal(0, await HelixCommand.Create().Parse(["identity", "rebuild", "--rules-from-start", "--data", data.Path]).InvokeAsync());
        Assert.Equal(before, await DescribeAsync(data.Path));
        Assert.False(File.Exists(data.File("rebuild-rules-from-start.json")), "the pinned rules are removed once the rebuild is done");
    }

    private static async Task<string> DescribeAsync(string dataDirectory)
    {
        await using var opened = await OpenedStore.OpenAsync(dataDirectory);
        var store = opened.Store;
        var snapshot = await store.LoadAsync(TimeSpan.FromDays(3650));
        var events = await store.CountEventsAsync(new WorkspaceId("default"));
        return $"{snapshot.Persons.Count} persons {events} events checkpoint {snapshot.Checkpoint}\n" + string.Join("\n", snapshot.Persons.OrderBy(p => p.Id.Value).Select(p =>
            $"{p.Id} {p.EventCount} " + string.Join(",", p.Identifiers.Select(l => l.Identifier.ToString()).Order()) + " " +
            string.Join(",", p.Links.Select(l => $"{l.From}>{l.To}:{l.Kind}").Order())));
    }
}
