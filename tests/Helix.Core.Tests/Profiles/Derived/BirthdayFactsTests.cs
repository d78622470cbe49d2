using Helix.Core.Profiles.Derived;

namespace Helix.Core.Tests.Profiles.Derived;

public sealed class BirthdayFactsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData(12, 22, ZodiacSign.Capricorn, "摩羯座")]
    [InlineData(1, 19, ZodiacSign.Capricorn, "摩羯座")]
    [InlineData(1, 20, ZodiacSign.Aquarius, "水瓶座")]
    [InlineData(2, 18, ZodiacSign.Aquarius, "水瓶座")]
    [InlineData(2, 19, ZodiacSign.Pisces, "双鱼座")]
    [InlineData(3, 20, ZodiacSign.Pisces, "双鱼座")]
    [InlineData(3, 21, ZodiacSign.Aries, "白羊座")]
    [InlineData(4, 19, ZodiacSign.Aries, "白羊座")]
    [InlineData(4, 20, ZodiacSign.Taurus, "金牛座")]
    [InlineData(5, 20, ZodiacSign.Taurus, "金牛座")]
    [InlineData(5, 21, ZodiacSign.Gemini, "双子座")]
    [InlineData(6, 21, ZodiacSign.Gemini, "双子座")]
    [InlineData(6, 22, ZodiacSign.Cancer, "巨蟹座")]
    [InlineData(7, 22, ZodiacSign.Cancer, "巨蟹座")]
    [InlineData(7, 23, ZodiacSign.Leo, "狮子座")]
    [InlineData(8, 22, ZodiacSign.Leo, "狮子座")]
    [InlineData(8, 23, ZodiacSign.Virgo, "处女座")]
    [InlineData(9, 22, ZodiacSign.Virgo, "处女座")]
    [InlineData(9, 23, ZodiacSign.Libra, "天秤座")]
    [InlineData(10, 23, ZodiacSign.Libra, "天秤座")]
    [InlineData(10, 24, ZodiacSign.Scorpio, "天蝎座")]
    [InlineData(11, 22, ZodiacSign.Scorpio, "天蝎座")]
    [InlineData(11, 23, ZodiacSign.Sagittarius, "射手座")]
    [InlineData(12, 21, ZodiacSign.Sagittarius, "射手座")]
    public void Zodiac_FollowsTheBoundariesChineseBrandsUse(int month, int day, ZodiacSign sign, string chinese)
    {
        Assert.Equal(sign, ZodiacSigns.Of(month, day));
        Assert.Equal(chinese, sign.Chinese());
    }

    [Fact]
    public void EveryDayOfALeapYear_HasExactlyTheSignOfItsRange_AndSignsComeInCalendarOrder()
    {
        var signs = Enumerable.Range(0, 366).Select(d => new DateOnly(2024, 1, 1).AddDays(d)).Select(d => ZodiacSigns.Of(d.Month, d.Day)).ToList();
        var changes = signs.Zip(signs.Skip(1)).Count(p => p.First != p.Second);
        Assert.Equal(12, changes);
        Assert.Equal(12, signs.Distinct().Count());
    }

    [Theory]
    [InlineData("1990-11-23", 36)]
    [InlineData("1990-11-24", 35)]
    [InlineData("19901122", 36)]
    [InlineData("1990/1/5", 36)]
    [InlineData("1990-11-24T00:00:00Z", 35)]
    [InlineData("2026-11-23", 0)]
    public void Age_CountsCompletedYears(string birthday, int age)
    {
        Assert.Equal(age, BirthdayFacts.From(birthday, Today)!.Age);
    }

    [Fact]
    public void ALeapDayBirthday_IsCelebratedOnTheFirstOfMarchInOtherYears()
    {
        var leapling = new DateOnly(2000, 2, 29);
        Assert.Equal(24, BirthdayFacts.AgeOn(leapling, new DateOnly(2025, 2, 28)));
        Assert.Equal(25, BirthdayFacts.AgeOn(leapling, new DateOnly(2025, 3, 1)));
        Assert.Equal(28, BirthdayFacts.AgeOn(leapling, new DateOnly(2028, 2, 29)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("1990-02-30")]
    [InlineData("2027-01-01")]
    [InlineData("1900-01-01")]
    public void NotABirthday_GivesNothing(string? birthday) => Assert.Null(BirthdayFacts.From(birthday, Today));

    [Fact]
    public void Facts_IncludeTheBirthdayMonth()
    {
        var facts = BirthdayFacts.From("1988-07-23", Today)!;
        Assert.Equal((7, ZodiacSign.Leo, 38), (facts.BirthdayMonth, facts.Zodiac, facts.Age));
    }
}
