using Helix.Core.Privacy;

namespace Helix.Core.Tests.Privacy;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "138****5678")]
    [InlineData("+86 138-1234-5678", "138****5678")]
    [InlineData("86 138 1234 5678", "138****5678")]
    [InlineData("0086 13812345678", "138****5678")]
    [InlineData("(138) 1234.5678", "138****5678")]
    [InlineData("021-62345678", "021****5678")]
    [InlineData("+44 20 7946 0958", "442****0958")]
    [InlineData("62345678", "****5678")]
    [InlineData("2345678", "*****78")]
    [InlineData("1234", "**34")]
    [InlineData("12", "*2")]
    [InlineData("7", "*")]
    [InlineData("no digits", "****")]
    [InlineData("  ", "")]
    [InlineData("", "")]
    public void Phone_KeepsFirstThreeAndLastFour(string value, string expected)
    {
        Assert.Equal(expected, Masking.Phone(value));
    }

    [Theory]
    [InlineData("alice@x.com", "a***@x.com")]
    [InlineData(" Alice.Smith@Example.COM ", "A***@Example.COM")]
    [InlineData("a@b@c.com", "a***@c.com")]
    [InlineData("@x.com", "***@x.com")]
    [InlineData("no address", "****")]
    [InlineData("😀smile@x.com", "😀***@x.com")]
    public void Email_KeepsFirstCharacterAndDomain(string value, string expected)
    {
        Assert.Equal(expected, Masking.Email(value));
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("王小明", "王**")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("歐陽娜娜", "歐陽**")]
    [InlineData("司马光", "司马*")]
    [InlineData("欧阳", "欧*")]
    [InlineData(" 张 三 ", "张*")]
    [InlineData("阿卜杜·热合曼", "阿******")]
    [InlineData("𠀀三", "𠀀*")]
    [InlineData("Alice Smith", "A**** S****")]
    [InlineData("  jean-luc   picard ", "j******* p*****")]
    [InlineData("A", "A")]
    public void Name_KeepsTheSurnameOrTheInitials(string value, string expected)
    {
        Assert.Equal(expected, Masking.Name(value));
    }

    [Theory]
    [InlineData("上海市浦东新区张江路123号", "上海市浦东新区****")]
    [InlineData("北京朝阳区建国路88号", "北京朝阳区****")]
    [InlineData("重庆市万州区白岩路1号", "重庆市万州区****")]
    [InlineData("广东省深圳市南山区科技园1号", "广东省深圳市南山区****")]
    [InlineData("浙江省杭州市西湖区文三路 90 号", "浙江省杭州市西湖区****")]
    [InlineData("江苏省昆山市玉山镇前进路8号", "江苏省昆山市****")]
    [InlineData("新疆维吾尔自治区乌鲁木齐市天山区解放路", "新疆维吾尔自治区乌鲁木齐市天山区****")]
    [InlineData("吉林省延边朝鲜族自治州延吉市光明街", "吉林省延边朝鲜族自治州延吉市****")]
    [InlineData("深圳市南山区科技园1号", "深圳市南山区****")]
    [InlineData("广东省", "广东省****")]
    [InlineData("科技园路1号楼", "科技园****")]
    [InlineData("1 Infinite Loop, Cupertino", "1 Infi****")]
    [InlineData("Elm 5", "E****")]
    public void Address_KeepsProvinceCityAndDistrict(string value, string expected)
    {
        Assert.Equal(expected, Masking.Address(value));
    }

    [Theory]
    [InlineData("110101199003071234", "110101********1234")]
    [InlineData("11010119900307123X", "110101********123X")]
    [InlineData("110101 19900307 1234", "110101********1234")]
    [InlineData("110101900307123", "110101*****7123")]
    [InlineData("E12345678", "****5678")]
    [InlineData("1234567", "****")]
    public void IdNumber_KeepsRegionAndLastFour(string value, string expected)
    {
        Assert.Equal(expected, Masking.IdNumber(value));
    }

    [Fact]
    public void Null_MasksToNull()
    {
        Assert.Null(Masking.Phone(null));
        Assert.Null(Masking.Email(null));
        Assert.Null(Masking.Name(null));
        Assert.Null(Masking.Address(null));
        Assert.Null(Masking.IdNumber(null));
    }
}
