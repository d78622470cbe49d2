using System.Net;
using Helix.Core.Workspaces;
using Helix.Testing;

namespace Helix.Server.Tests.Privacy;

public sealed class SubjectAccessApiTests : IDisposable
{
    private const string Phone = "13812345678";
    private const string Name = "欧阳娜娜";
    private readonly TempDirectory _directory = new("helix-subject-access");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Export_HoldsTheProfileAndEveryRowOfThePerson_AndNothingOfOthers()
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);
        await SendPersonAsync(server);
        (await server.Collect.PostJsonAsync("/v1/identify", """{"userId":"other-1","traits":{"phone":"13900000001","name":"李四"},"messageId":"o-1"}""")).EnsureSuccessStatusCode();
        await server.FlushAsync();

        using var byPhone = await server.Admin.GetAsync($"/api/v1/privacy/subject-access?type=phone&value={Phone}");
        Assert.Equal(HttpStatusCode.OK, byPhone.StatusCode);
        Assert.Equal("attachment", byPhone.Content.Headers.ContentDisposition?.DispositionType);
        var export = await byPhone.ReadJsonAsync();
        var personId = export.GetProperty("personId").GetString()!;

        Assert.Equal((Phone, Name), (export.GetProperty("profile").GetProperty("traits").GetProperty("phone").GetString(), export.GetProperty("profile").GetProperty("traits").GetProperty("name").GetString()));
        var stores = export.GetProperty("stores");
        Assert.Equal(3, stores.GetProperty("events").GetArrayLength());
        Assert.All(stores.GetProperty("events").EnumerateArray(), e => Assert.Equal(personId, e.GetProperty("person_id").GetString()));
        Assert.Contains(stores.GetProperty("events").EnumerateArray(), e => e.GetProperty("properties").GetRawText().Contains(Name, StringComparison.Ordinal));
        Assert.Equal("anonymous_id phone user_id", string.Join(" ", stores.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("type").GetString()).Order()));
        Assert.Equal(1, stores.GetProperty("persons").GetArrayLength());
        Assert.Equal(0, stores.GetProperty("segment_members").GetArrayLength());
        var text = export.GetRawText();
        Assert.DoesNotContain("other-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000001", text, StringComparison.Ordinal);

        var byId = await (await server.Admin.GetAsync($"/api/v1/privacy/subject-access/{personId}")).ReadJsonAsync();
        Assert.Equal(stores.GetRawText(), byId.GetProperty("stores").GetRawText());
    }

    [Fact]
    public async Task AnotherWorkspace_CannotExportThePerson()
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);
        await SendPersonAsync(server);
        await server.FlushAsync();
        var personId = (await (await server.Admin.GetAsync($"/api/v1/profiles/lookup?type=phone&value={Phone}")).ReadJsonAsync()).GetProperty("personId").GetString();
        var other = await server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_other"), "hxk_other_admin");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/privacy/subject-access/{personId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/privacy/subject-access?type=phone&value={Phone}")).StatusCode);
    }

    [Theory]
    [InlineData("?value=13812345678", "type")]
    [InlineData("?type=Phone%20Number&value=1", "type")]
    [InlineData("?type=phone", "value")]
    public async Task BadLookup_NamesTheField(string query, string field)
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);

        using var response = await server.Admin.GetAsync($"/api/v1/privacy/subject-access{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{field}\"", (await response.ReadJsonAsync()).GetRawText(), StringComparison.Ordinal);
    }

    private static async Task SendPersonAsync(HelixTestServer server)
    {
        (await server.Collect.PostJsonAsync("/v1/identify",
            $$"""{"userId":"M-dsr","anonymousId":"ck-dsr","traits":{"phone":"{{Phone}}","name":"{{Name}}"},"messageId":"d-1"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track", """{"anonymousId":"ck-dsr","event":"Product Viewed","properties":{"sku":"S1"},"messageId":"d-2"}""")).EnsureSuccessStatusCode();
        (await server.Collect.PostJsonAsync("/v1/track",
            $$"""{"userId":"M-dsr","event":"Order Completed","properties":{"total":99,"shipping":"{{Name}} {{Phone}}"},"messageId":"d-3"}""")).EnsureSuccessStatusCode();
    }
}
