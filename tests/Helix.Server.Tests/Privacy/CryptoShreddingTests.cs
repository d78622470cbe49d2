using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helix.Core.Privacy.Encryption;
using Helix.Core.Workspaces;
using Helix.Engine.Privacy;
using Helix.Testing;

namespace Helix.Server.Tests.Privacy;

/// <summary>
/// Issue 9's deletion scan: a person's phone, e-mail, name and address are written, the person is erased, the store is
/// checkpointed (by closing it), and every file under the data directory is scanned for the plaintext and for anything
/// of theirs that still opens — finding nothing.
/// </summary>
public sealed partial class CryptoShreddingTests : IDisposable
{
    private const string Phone = "13987654321";
    private const string Email = "ouyang.shred@example.cn";
    private const string Name = "欧阳碎纸";
    private const string Address = "上海市浦东新区碎纸路88号";
    private readonly TempDirectory _directory = new("helix-shred");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ErasedPerson_LeavesNoPlaintextAndNothingThatOpensInAnyFile()
    {
        string personId;
        IReadOnlyList<string> sealedBefore;
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            await SendAsync(server);
            await server.FlushAsync();
            personId = await PersonIdAsync(server);

            // The profile reads the values opened.
            var profile = await (await server.Admin.GetAsync($"/api/v1/profiles/{personId}")).ReadJsonAsync();
            Assert.Equal(Name, profile.GetProperty("traits").GetProperty("name").GetString());
            Assert.Contains(profile.GetProperty("identifiers").EnumerateArray(), i => i.GetProperty("value").GetString() == Email);
            var timeline = (await (await server.Admin.GetAsync($"/api/v1/profiles/{personId}/events")).ReadJsonAsync()).GetRawText();
            Assert.Contains(Address, timeline, StringComparison.Ordinal);
        }

        // Stopping checkpoints the store: the person's rows are now in the database file's blocks, where a deletion leaves them.
        sealedBefore = SealedValuesOf(personId, StoreFiles());
        Assert.NotEmpty(sealedBefore);
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            using var erased = await server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{personId}}","reason":"DSR shred"}""");
            Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
        }

        var everything = Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "LOCK").ToList();
        foreach (var secret in new[] { Phone, Email, Name, Address })
        {
            foreach (var form in Forms(secret))
            {
                var found = everything.Where(file => Contains(file, form)).Select(file => Path.GetRelativePath(_directory.Path, file)).ToList();
                Assert.True(found.Count == 0, $"{secret} is in {string.Join(", ", found)}");
            }
        }

        // Whatever sealed copies are left (freed pages of the database keep deleted rows), none opens: the key is gone.
        await using var keys = PersonDataKeys.Open(_directory.Path);
        var workspace = new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId);
        var sealedAfter = SealedValuesOf(personId, everything);
        Assert.All(sealedBefore.Concat(sealedAfter), value => Assert.Null(keys.Vault.Open(workspace, value)));
        Assert.DoesNotContain(everything, file => Contains(file, Encoding.UTF8.GetBytes($"{workspace.Value}\0{personId}\0")));
    }

    [Fact]
    public async Task OtherPersons_StillOpenAfterAnErasureAndARestart()
    {
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            await SendAsync(server);
            (await server.Collect.PostJsonAsync("/v1/identify",
                """{"userId":"keep-1","traits":{"phone":"13900000002","name":"留下"},"messageId":"k-1"}""")).EnsureSuccessStatusCode();
            await server.FlushAsync();
            var erased = await server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{await PersonIdAsync(server)}}"}""");
            Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
        }

        await using var restarted = await HelixTestServer.StartAsync(_directory.Path);
        await restarted.FlushAsync();
        var kept = await (await restarted.Admin.GetAsync("/api/v1/profiles/lookup?type=phone&value=13900000002")).ReadJsonAsync();

        Assert.Equal("留下", kept.GetProperty("traits").GetProperty("name").GetString());
        Assert.Contains(kept.GetProperty("identifiers").EnumerateArray(), i => i.GetProperty("value").GetString() == "+8613900000002");
        Assert.DoesNotContain(StoreFiles(), file => Contains(file, Encoding.UTF8.GetBytes("13900000002")));
    }

    private static async Task SendAsync(HelixTestServer server)
    {
        (await server.Collect.PostJsonAsync("/v1/identify",
            $$"""{"userId":"M-shred","traits":{"phone":"{{Phone}}","email":"{{Email}}","name":"{{Name}}","address":"{{Address}}","tier":"gold"},"messageId":"s-1"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track",
            $$$"""{"userId":"M-shred","event":"Order Completed","properties":{"total":99,"address":"{{{Address}}}"},"context":{"traits":{"phone":"{{{Phone}}}"}},"messageId":"s-2"}""")).EnsureSuccessStatusCode();
    }

    private static async Task<string> PersonIdAsync(HelixTestServer server) =>
        (await (await server.Admin.GetAsync($"/api/v1/profiles/lookup?type=phone&value={Phone}")).ReadJsonAsync()).GetProperty("personId").GetString()!;

    /// <summary>The store's files: everything but the event log (which holds what was sent, as sent, until an erasure redacts it) and the keys.</summary>
    private List<string> StoreFiles() =>
        [.. Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(_directory.Path, HelixServer.LogDirectoryName), StringComparison.Ordinal)
                && !f.StartsWith(Path.Combine(_directory.Path, "keys"), StringComparison.Ordinal)
                && Path.GetFileName(f) != "LOCK")];

    /// <summary>A text as files may hold it: UTF-8, and as JSON escapes (DuckDB or a serializer may write either).</summary>
    private static IEnumerable<byte[]> Forms(string text)
    {
        yield return Encoding.UTF8.GetBytes(text);
        yield return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text)[1..^1]);
        yield return Encoding.Unicode.GetBytes(text);
    }

    private static bool Contains(string file, byte[] needle) => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0;

    private static List<string> SealedValuesOf(string personId, IEnumerable<string> files) =>
        [.. files.SelectMany(f => Sealed().Matches(Encoding.Latin1.GetString(File.ReadAllBytes(f))))
            .Select(m => m.Value)
            .Where(v => PiiCipher.IsSealed(v, out var keyId) && keyId == personId)
            .Distinct()];

    [GeneratedRegex(@"pii1:[A-Za-z0-9_\-]+:[A-Za-z0-9_\-]+")]
    private static partial Regex Sealed();
}
