using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

public sealed class SeedFileTests
{
    private static readonly SeedFileSpec PhoneMd5 = new(SeedIdentifierType.Phone, SeedHash.Md5);

    [Fact]
    public void SameNumberWrittenThreeWays_IsOneSortedLine()
    {
        ExportIdentifier[] rows =
        [
            new("p1", "13912345678"),
            new("p2", "+86 138-0013-8000"),
            new("p3", "13800138000"),
            new("p3", "１３８００１３８０００"),
        ];
        using var writer = new StringWriter();

        var summary = SeedFile.Write(rows, PhoneMd5, writer);

        Assert.Equal("535381ec9d5ab7a390db0a30860600f2\n7945bd83237335e5376ff44d62e4f0ae\n", writer.ToString());
        Assert.Equal(4, summary.RowsIn);
        Assert.Equal(2, summary.Exported);
        Assert.Equal(2, summary.SkippedFor(ExportSkipReason.Duplicate));
    }

    [Fact]
    public void SkippedRows_AreCountedByReason()
    {
        ExportIdentifier[] rows =
        [
            new("p1", "13800138000"),
            new("p2", null),
            new("p3", "021-12345678"),
            new("p4", "13912345678"),
            new("p4", "13900139000"),
        ];
        using var writer = new StringWriter();

        var summary = SeedFile.Write(rows, PhoneMd5, writer, personId => personId != "p4");

        Assert.Equal("7945bd83237335e5376ff44d62e4f0ae\n", writer.ToString());
        Assert.Equal(5, summary.RowsIn);
        Assert.Equal(1, summary.Exported);
        Assert.Equal(2, summary.SkippedFor(ExportSkipReason.NoConsent));
        Assert.Equal(1, summary.SkippedFor(ExportSkipReason.Missing));
        Assert.Equal(1, summary.SkippedFor(ExportSkipReason.Invalid));
        Assert.Equal(summary.RowsIn, summary.Exported + summary.Skipped.Values.Sum());
        Assert.Equal(["noConsent", "missing", "invalid"], summary.SkippedByWireName().Keys);
    }

    [Fact]
    public void ConsentCheck_IsAskedOncePerPerson()
    {
        var asked = new List<string>();
        ExportIdentifier[] rows = [new("p1", "13800138000"), new("p1", "13900139000"), new("p2", "13912345678")];
        using var writer = new StringWriter();

        SeedFile.Write(rows, PhoneMd5, writer, personId =>
        {
            asked.Add(personId);
            return true;
        });

        Assert.Equal(["p1", "p2"], asked);
    }

    [Fact]
    public void ZeroIdfa_IsCountedNotExported()
    {
        ExportIdentifier[] rows = [new("p1", "00000000-0000-0000-0000-000000000000"), new("p2", "FF1999CD-7177-4937-A474-74937A102630")];
        using var writer = new StringWriter();

        var summary = SeedFile.Write(rows, new SeedFileSpec(SeedIdentifierType.Idfa, SeedHash.Md5), writer);

        Assert.Equal("2c010ed96aef2fc34983e1e7e9176b7e\n", writer.ToString());
        Assert.Equal(1, summary.SkippedFor(ExportSkipReason.ZeroDeviceId));
    }

    [Fact]
    public void Sha256E164_ForGoogle()
    {
        using var writer = new StringWriter();

        SeedFile.Write([new("p1", "13800138000")], new SeedFileSpec(SeedIdentifierType.Phone, SeedHash.Sha256, PhoneStyle.E164), writer);

        Assert.Equal("ec61f3c620a98bdead8c1f1f0ae747abd1b62a0c2dba4fd4bc22cf0d1d8653e5\n", writer.ToString());
    }

    [Fact]
    public void InputOrder_DoesNotChangeTheFile()
    {
        var rows = Enumerable.Range(0, 50).Select(i => new ExportIdentifier($"p{i}", $"1380013{i:D4}")).ToArray();
        using var forward = new StringWriter();
        using var backward = new StringWriter();

        SeedFile.Write(rows, PhoneMd5, forward);
        SeedFile.Write(rows.Reverse(), PhoneMd5, backward);

        Assert.Equal(forward.ToString(), backward.ToString());
        var lines = forward.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
    }

    [Fact]
    public void NoRows_WritesNothing()
    {
        using var writer = new StringWriter();

        var summary = SeedFile.Write([], PhoneMd5, writer);

        Assert.Equal("", writer.ToString());
        Assert.Equal(0, summary.RowsIn);
        Assert.Empty(summary.Skipped);
    }
}
