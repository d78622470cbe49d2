using Helix.Core.Audiences.Exports;

namespace Helix.Core.Tests.Audiences.Exports;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("--1", "'--1")]
    [InlineData("-", "'-")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-Infinity", "'-Infinity")]
    [InlineData("-1,000", "'-1,000")]
    public void FormulaStart_GetsAQuote(string value, string expected)
    {
        Assert.Equal(expected, CsvCell.Protect(value));
    }

    [Theory]
    [InlineData("-12.50")]
    [InlineData("-0.5")]
    [InlineData("-.5")]
    [InlineData("+3")]
    [InlineData("-1e3")]
    [InlineData("+8613800138000")]
    [InlineData("12")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    [InlineData("")]
    [InlineData("张三")]
    public void NumbersAndOrdinaryText_AreUnchanged(string value)
    {
        Assert.Equal(value, CsvCell.Protect(value));
    }

    [Fact]
    public void MaskedHidden_KeepsEmptyEmpty()
    {
        Assert.Equal("", CsvCell.Write(null, ExportMask.Hidden));
        Assert.Equal("****", CsvCell.Write("=evil", ExportMask.Hidden));
    }
}
