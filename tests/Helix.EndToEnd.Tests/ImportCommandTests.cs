using System.Text.Json;
using Helix.Testing;

namespace Helix.EndToEnd.Tests;

/// <summary><c>helix import events</c> as a user runs it: valid lines land, bad lines are reported, a re-import stores nothing twice.</summary>
public sealed class ImportCommandTests
{
    private const string AdminKey = "hxk_import_admin";
    private const string WriteKey = "hxw_import_write";

    [Fact]
    public async Task ImportFile_StoresValidLinesAndReportsRejectedOnes()
    {
        using var data = new TempDirectory("helix-import");
        var file = data.File("history.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"type":"identify","userId":"imp-1","traits":{"name":"赵敏","city":"北京"},"timestamp":"2025-06-01T10:00:00+08:00"}""",
            """{"type":"track","userId":"imp-1","event":"Order Completed","properties":{"total":120},"timestamp":"2025-06-02T10:00:00+08:00"}""",
            """{"type":"track","userId":"imp-1","timestamp":"2025-06-03T10:00:00+08:00"}""",
            """not json at all""",
            "",
            """{"type":"page","anonymousId":"imp-anon","name":"Home"}""",
        ]);

        var first = await RunHelixAsync("import", "events", file, "--data", data.Path);
        var second = await RunHelixAsync("import", "events", file, "--data", data.Path);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var rejected = (await File.ReadAllLinesAsync(file + ".rejected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([3L, 4L], rejected.Select(r => r.GetProperty("line").GetInt64()));
        Assert.Equal("event", rejected[0].GetProperty("errors")[0].GetProperty("field").GetString());
        await using var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey);
        using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
        await client.FlushAsync();
        var profile = await client.LookupAsync("user_id", "imp-1");
        Assert.NotNull(profile);
        Assert.Equal(2, profile.Value.GetProperty("eventCount").GetInt64());
        Assert.Equal("赵敏", profile.Value.GetProperty("traits").GetProperty("name").GetString());
        Assert.NotNull(await client.LookupAsync("anonymous_id", "imp-anon"));
    }

    [Fact]
    public async Task ImportWhileServerRuns_FailsWithAClearMessage()
    {
        using var data = new TempDirectory("helix-import-locked");
        var file = data.File("events.jsonl");
        await File.WriteAllTextAsync(file, """{"type":"track","userId":"u","event":"E"}""" + "\n");
        await using var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey);

        var result = await RunHelixAsync("import", "events", file, "--data", data.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("in use", result.Output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunHelixAsync(params string[] args) =>
        ChildProcess.RunAsync("dotnet", [HelixProcess.CliPath(), .. args], environment: new Dictionary<string, string>
        {
            ["HELIX_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
            ["HELIX_BOOTSTRAP_WRITE_KEY"] = WriteKey,
        });
}
