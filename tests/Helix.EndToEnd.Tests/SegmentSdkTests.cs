using Helix.Testing;

namespace Helix.EndToEnd.Tests;

/// <summary>The unmodified Segment Node SDK (@segment/analytics-node) sends to Helix; events show on the profile.</summary>
public sealed class SegmentSdkTests
{
    private const string AdminKey = "hxk_sdk_admin";
    private const string WriteKey = "hxw_sdk_write";

    [Fact]
    public async Task SegmentNodeSdk_EventsReachTheProfile()
    {
        var sdkDirectory = Path.Combine(HelixProcess.RepositoryRoot(), "tests", "Helix.EndToEnd.Tests", "segment-sdk");
        Assert.True(Directory.Exists(Path.Combine(sdkDirectory, "node_modules", "@segment", "analytics-node")),
            "Run `npm ci` in tests/Helix.EndToEnd.Tests/segment-sdk (eng/test.sh does).");
        using var data = new TempDirectory("helix-sdk");
        await using var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey);
        var runId = Guid.NewGuid().ToString("N")[..8];

        var (exitCode, output) = await ChildProcess.RunAsync("node", ["send.mjs", helix.BaseAddress.ToString().TrimEnd('/'), WriteKey, runId], sdkDirectory, timeout: TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"node send.mjs failed ({exitCode}):\n{output}\nhelix:\n{helix.Output}");
        using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
        await client.FlushAsync();
        var profile = await client.LookupAsync("user_id", $"sdk-user-{runId}");
        Assert.True(profile is not null, "the SDK's user is not in Helix:\n" + helix.Output);
        Assert.Equal(8, profile.Value.GetProperty("eventCount").GetInt64());
        Assert.Equal("李雷", profile.Value.GetProperty("traits").GetProperty("name").GetString());
        var byAnonymous = await client.LookupAsync("anonymous_id", $"sdk-anon-{runId}");
        Assert.Equal(profile.Value.GetProperty("personId").GetString(), byAnonymous!.Value.GetProperty("personId").GetString());
    }
}
