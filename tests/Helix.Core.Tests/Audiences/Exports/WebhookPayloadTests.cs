using System.Text;
using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

public sealed class WebhookPayloadTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("secret");

    private static readonly WebhookMember[] Members =
    [
        new("p2", new Dictionary<string, IReadOnlyList<string>> { ["phone"] = ["+8613900139000"] }),
        new("p1", new Dictionary<string, IReadOnlyList<string>> { ["phone"] = ["+8613800138000"], ["email"] = ["a@x.com"] }),
    ];

    [Fact]
    public void Batches_AreSortedSignedJson()
    {
        var export = WebhookPayload.Build("vip", "exp_1", Members, Secret, batchSize: 1);

        Assert.Equal(2, export.Batches.Count);
        Assert.Equal(
            """{"segment":"vip","exportId":"exp_1","batch":1,"batches":2,"members":[{"personId":"p1","identifiers":{"email":["a@x.com"],"phone":["+8613800138000"]}}]}""",
            Encoding.UTF8.GetString(export.Batches[0].Body.Span));
        // printf '%s' "$body" | openssl dgst -sha256 -hmac secret
        Assert.Equal("sha256=cf6e95e6740963b10731b50b0b6d4fbed4ea12a4b2e2cbb725ec88a2157ffbf2", export.Batches[0].Signature);
        Assert.Equal(
            """{"segment":"vip","exportId":"exp_1","batch":2,"batches":2,"members":[{"personId":"p2","identifiers":{"phone":["+8613900139000"]}}]}""",
            Encoding.UTF8.GetString(export.Batches[1].Body.Span));
        Assert.Equal("sha256=ec8f3b7745073b9c64c9273fbc3b1ca123e30e85281dd35c97a74bd2b580dac4", export.Batches[1].Signature);
    }

    [Fact]
    public void Signature_MatchesRfc4231TestCase2()
    {
        var signature = WebhookSignature.Sign("Jefe"u8, "what do ya want for nothing?"u8);

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void Verify_AcceptsOnlyTheRightKeyAndBody()
    {
        var batch = WebhookPayload.Build("vip", "exp_1", Members, Secret).Batches[0];

        Assert.True(WebhookSignature.Verify(Secret, batch.Body.Span, batch.Signature));
        Assert.True(WebhookSignature.Verify(Secret, batch.Body.Span, batch.Signature.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify("other"u8, batch.Body.Span, batch.Signature));
        Assert.False(WebhookSignature.Verify(Secret, [.. batch.Body.Span, (byte)' '], batch.Signature));
        Assert.False(WebhookSignature.Verify(Secret, batch.Body.Span, null));
        Assert.False(WebhookSignature.Verify(Secret, batch.Body.Span, "sha256="));
    }

    [Fact]
    public void ConsentAndDuplicates_AreCounted()
    {
        WebhookMember[] members = [.. Members, Members[0], new("p3", new Dictionary<string, IReadOnlyList<string>>())];

        var export = WebhookPayload.Build("vip", "exp_1", members, Secret, mayExport: personId => personId != "p3");

        var batch = Assert.Single(export.Batches);
        Assert.Equal(2, batch.Members);
        Assert.Equal(4, export.Summary.RowsIn);
        Assert.Equal(2, export.Summary.Exported);
        Assert.Equal(1, export.Summary.SkippedFor(ExportSkipReason.Duplicate));
        Assert.Equal(1, export.Summary.SkippedFor(ExportSkipReason.NoConsent));
    }

    [Fact]
    public void EmptyAudience_IsOneEmptyBatch()
    {
        var export = WebhookPayload.Build("vip", "exp_1", [], Secret);

        var batch = Assert.Single(export.Batches);
        Assert.Equal("""{"segment":"vip","exportId":"exp_1","batch":1,"batches":1,"members":[]}""", Encoding.UTF8.GetString(batch.Body.Span));
    }

    [Fact]
    public void ChineseText_IsWrittenAsUtf8_NotEscaped()
    {
        var export = WebhookPayload.Build("高价值会员", "exp_1", [], Secret);

        Assert.StartsWith("""{"segment":"高价值会员",""", Encoding.UTF8.GetString(export.Batches[0].Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void AwkwardText_ParsesBackExactly()
    {
        const string awkward = "引号\"反斜杠\\换行\n<script>\u0001";
        WebhookMember[] members = [new("p\"1", new Dictionary<string, IReadOnlyList<string>> { ["name"] = [awkward] })];

        var body = WebhookPayload.Build(awkward, "exp_1", members, Secret).Batches[0].Body;

        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(awkward, json.RootElement.GetProperty("segment").GetString());
        var member = json.RootElement.GetProperty("members")[0];
        Assert.Equal("p\"1", member.GetProperty("personId").GetString());
        Assert.Equal(awkward, member.GetProperty("identifiers").GetProperty("name")[0].GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void BatchSizeOutOfRange_Throws(int batchSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookPayload.Build("vip", "exp_1", Members, Secret, batchSize));
    }
}
