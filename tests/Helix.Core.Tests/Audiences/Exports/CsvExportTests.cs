using System.Text;
using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

public sealed class CsvExportTests
{
    private static readonly string[] Fields = ["person_id", "trait:name", "trait:phone", "computed:spend_365d", "tag:rfm", "id:email"];

    private static readonly Row Alice = new("p1", new()
    {
        ["trait:name"] = "张三",
        ["trait:phone"] = "13812345678",
        ["computed:spend_365d"] = "-12.50",
        ["tag:rfm"] = "=HYPERLINK(\"http://x\")",
        ["id:email"] = "alice@x.com",
    });

    private static readonly Row Bob = new("p2", new()
    {
        ["trait:name"] = "Bob, \"the\" Builder",
        ["computed:spend_365d"] = "300",
    });

    [Fact]
    public void Rows_AreRfc4180_WithBomAndHeader()
    {
        var spec = Spec(Fields);

        var (bytes, summary) = Export([Alice, Bob], spec);

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal(
            "person_id,trait:name,trait:phone,computed:spend_365d,tag:rfm,id:email\r\n"
            + "p1,张三,13812345678,-12.50,\"'=HYPERLINK(\"\"http://x\"\")\",alice@x.com\r\n"
            + "p2,\"Bob, \"\"the\"\" Builder\",,300,,\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(2, summary.Exported);
    }

    [Fact]
    public void ByteOrderMarkOff_StartsWithHeader()
    {
        var spec = Spec(["person_id"], byteOrderMark: false);

        var (bytes, _) = Export([Alice], spec);

        Assert.Equal("person_id\r\np1\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void BareLineBreaksAndEdgeSpaces_AreQuoted()
    {
        var spec = Spec(["person_id", "trait:note"], byteOrderMark: false);
        var row = new Row("p1", new() { ["trait:note"] = "a\nb" });
        var spaced = new Row("p2", new() { ["trait:note"] = " x\r" });

        var (bytes, _) = Export([row, spaced], spec);

        Assert.Equal("person_id,trait:note\r\np1,\"a\nb\"\r\np2,\" x\r\"\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void MaskedFields_GoThroughMasking()
    {
        var spec = Spec(Fields, mask: ["trait:name", "trait:phone", "id:email", "tag:rfm"]);

        var (bytes, _) = Export([Alice, Bob], spec);

        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("p1,张*,138****5678,-12.50,****,a***@x.com", lines[1]);
        Assert.Equal("p2,\"B*** \"\"**** B******\",,300,,", lines[2]);
    }

    [Fact]
    public void RefusedPersons_AreCountedAsNoConsent()
    {
        var spec = Spec(["person_id"], byteOrderMark: false);

        var (bytes, summary) = Export([Alice, Bob], spec, personId => personId == "p2");

        Assert.Equal("person_id\r\np2\r\n", Encoding.UTF8.GetString(bytes));
        Assert.Equal(2, summary.RowsIn);
        Assert.Equal(1, summary.SkippedFor(ExportSkipReason.NoConsent));
    }

    [Fact]
    public void UnknownPrefixAndDuplicates_AreFieldErrors()
    {
        var (spec, errors) = CsvExportSpec.Parse(["person_id", "email", "trait:", "trait:name", "trait:name", "id: phone"], mask: ["trait:phone"]);

        Assert.Null(spec);
        Assert.Equal(["fields[1]", "fields[2]", "fields[4]", "fields[5]", "mask[0]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void NoFields_IsAFieldError()
    {
        var (_, errors) = CsvExportSpec.Parse([]);

        Assert.Equal("fields", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("trait:phone", ExportMask.Phone)]
    [InlineData("id:phone", ExportMask.Phone)]
    [InlineData("trait:mobile", ExportMask.Phone)]
    [InlineData("trait:email_address", ExportMask.Email)]
    [InlineData("id:email", ExportMask.Email)]
    [InlineData("trait:first_name", ExportMask.Name)]
    [InlineData("trait:address", ExportMask.Address)]
    [InlineData("trait:id_number", ExportMask.IdNumber)]
    [InlineData("computed:spend_365d", ExportMask.Hidden)]
    [InlineData("person_id", ExportMask.Hidden)]
    public void MaskKind_FollowsTheFieldName(string field, ExportMask expected)
    {
        var (spec, _) = CsvExportSpec.Parse([field], mask: [field]);

        Assert.Equal(expected, spec!.Masks[field]);
    }

    private static CsvExportSpec Spec(string[] fields, string[]? mask = null, bool byteOrderMark = true)
    {
        var (spec, errors) = CsvExportSpec.Parse(fields, mask, byteOrderMark);
        Assert.Empty(errors);
        return spec!;
    }

    private static (byte[] Bytes, ExportSummary Summary) Export(IEnumerable<IExportRow> rows, CsvExportSpec spec, ExportConsentCheck? mayExport = null)
    {
        using var stream = new MemoryStream();
        var summary = CsvExport.Write(rows, spec, stream, mayExport);
        return (stream.ToArray(), summary);
    }

    private sealed record Row(string PersonId, Dictionary<string, string?> Values) : IExportRow
    {
        public bool TryGet(string field, out string? value) => Values.TryGetValue(field, out value);
    }
}
