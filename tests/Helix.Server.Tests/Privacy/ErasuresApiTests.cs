using System.Net;
using System.Text;
using System.Text.Json;
using Helix.Testing;

namespace Helix.Server.Tests.Privacy;

public sealed class ErasuresApiTests : IDisposable
{
    private const string Phone = "13812345678";
    private const string Name = "欧阳娜娜";
    private readonly TempDirectory _directory = new("helix-erasure");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ErasedPerson_IsGoneFromApiAndLogAndStaysGoneAfterNewEventsAndRestart()
    {
        string personId;
        JsonElement receipt;
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            await SendPersonAsync(server, "before");
            await OtherPersonAsync(server);
            await server.FlushAsync();
            personId = await PersonIdAsync(server, HttpStatusCode.OK);

            using var erased = await server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{personId}}","reason":"DSR 2026-118"}""");
            Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
            receipt = await erased.ReadJsonAsync();

            Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync($"/api/v1/profiles/{personId}")).StatusCode);
            await PersonIdAsync(server, HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=other-1")).StatusCode);

            await SendPersonAsync(server, "after");
            await server.FlushAsync();
            await PersonIdAsync(server, HttpStatusCode.NotFound);
        }

        var stores = receipt.GetProperty("stores");
        Assert.Equal(4, stores.GetProperty("events").GetInt64());
        Assert.Equal(1, stores.GetProperty("persons").GetInt64());
        Assert.Equal(4, stores.GetProperty("identities").GetInt64());
        Assert.Equal(4, stores.GetProperty("event log").GetInt64());
        Assert.Equal(4, receipt.GetProperty("suppressedIdentifiers").GetInt32());
        Assert.Equal("DSR 2026-118", receipt.GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, receipt.GetProperty("redactedAt").ValueKind);
        await using (var restarted = await HelixTestServer.StartAsync(_directory.Path))
        {
            // Messages dropped after the erasure for carrying its identifiers are redacted by the next start at the latest:
            // when the pipeline has loaded, which it does in the background once the server is up (a flush waits for it).
            await restarted.FlushAsync();
            var log = LogText();
            Assert.DoesNotContain(Phone, log);
            Assert.DoesNotContain(Name, log);
            Assert.Contains("other-1", log);

            await SendPersonAsync(restarted, "after-restart");
            await restarted.FlushAsync();

            await PersonIdAsync(restarted, HttpStatusCode.NotFound);
            var listed = await (await restarted.Admin.GetAsync("/api/v1/privacy/erasures")).ReadJsonAsync();
            Assert.Equal(receipt.GetProperty("erasureId").GetString(), Assert.Single(listed.EnumerateArray()).GetProperty("erasureId").GetString());
        }
    }

    [Theory]
    [InlineData("""{}""", "personId")]
    [InlineData("""{"personId":"  "}""", "personId")]
    public async Task BadRequest_NamesTheField(string body, string field)
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);

        using var response = await server.Admin.PostJsonAsync("/api/v1/privacy/erasures", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPerson_Is404AndWritesNoReceipt()
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);

        using var response = await server.Admin.PostJsonAsync("/api/v1/privacy/erasures", """{"personId":"p_nobody"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await (await server.Admin.GetAsync("/api/v1/privacy/erasures")).ReadJsonAsync()).EnumerateArray());
    }

    private static async Task SendPersonAsync(HelixTestServer server, string tag)
    {
        (await server.Collect.PostJsonAsync("/v1/identify",
            $$"""{"userId":"M-erase","anonymousId":"ck-erase-{{tag}}","traits":{"phone":"{{Phone}}","name":"{{Name}}"},"messageId":"e-{{tag}}-1"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track",
            $$"""{"anonymousId":"ck-erase-{{tag}}","event":"Product Viewed","properties":{"sku":"S1"},"messageId":"e-{{tag}}-2"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track",
            $$"""{"userId":"M-erase","event":"Order Completed","properties":{"total":99,"shipping":"{{Name}} {{Phone}}"},"messageId":"e-{{tag}}-3"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track",
            $$$"""{"anonymousId":"ck-other-{{{tag}}}","event":"Signed Up","context":{"traits":{"phone":"{{{Phone}}}"}},"messageId":"e-{{{tag}}}-4"}""")).EnsureSuccessStatusCode();
    }

    private static async Task OtherPersonAsync(HelixTestServer server) =>
        (await server.Collect.PostJsonAsync("/v1/identify", """{"userId":"other-1","traits":{"phone":"13900000001"},"messageId":"o-1"}""")).EnsureSuccessStatusCode();

    private static async Task<string> PersonIdAsync(HelixTestServer server, HttpStatusCode expected)
    {
        using var response = await server.Admin.GetAsync($"/api/v1/profiles/lookup?type=phone&value={Phone}");
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? (await response.ReadJsonAsync()).GetProperty("personId").GetString()! : "";
    }

    private string LogText() =>
        string.Concat(Directory.EnumerateFiles(Path.Combine(_directory.Path, HelixServer.LogDirectoryName))
            .Where(f => Path.GetFileName(f) != "LOCK")
            .Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}
