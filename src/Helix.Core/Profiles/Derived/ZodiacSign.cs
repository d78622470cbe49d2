namespace Helix.Core.Profiles.Derived;

public enum ZodiacSign
{
    Capricorn,
    Aquarius,
    Pisces,
    Aries,
    Taurus,
    Gemini,
    Cancer,
    Leo,
    Virgo,
    Libra,
    Scorpio,
    Sagittarius,
}

/// <summary>The sign of a day of the year, and its names.</summary>
public static class ZodiacSigns
{
    /// <summary>The first day of each sign after Capricorn (which starts on 22 December), in calendar order.</summary>
    private static readonly (int Month, int Day, ZodiacSign Sign)[] Starts =
    [
        (1, 20, ZodiacSign.Aquarius),
        (2, 19, ZodiacSign.Pisces),
        (3, 21, ZodiacSign.Aries),
        (4, 20, ZodiacSign.Taurus),
        (5, 21, ZodiacSign.Gemini),
        (6, 22, ZodiacSign.Cancer),
        (7, 23, ZodiacSign.Leo),
        (8, 23, ZodiacSign.Virgo),
        (9, 23, ZodiacSign.Libra),
        (10, 24, ZodiacSign.Scorpio),
        (11, 23, ZodiacSign.Sagittarius),
        (12, 22, ZodiacSign.Capricorn),
    ];

    public static ZodiacSign Of(int month, int day)
    {
        var sign = ZodiacSign.Capricorn;
        foreach (var start in Starts)
        {
            if (month > start.Month || (month == start.Month && day >= start.Day))
            {
                sign = start.Sign;
            }
        }

        return sign;
    }

    /// <summary>The API's name: <c>aries</c>.</summary>
    public static string Key(this ZodiacSign sign) => sign.ToString().ToLowerInvariant();

    /// <summary>The Chinese name: 白羊座.</summary>
    public static string Chinese(this ZodiacSign sign) => sign switch
    {
        ZodiacSign.Capricorn => "摩羯座",
        ZodiacSign.Aquarius => "水瓶座",
        ZodiacSign.Pisces => "双鱼座",
        ZodiacSign.Aries => "白羊座",
        ZodiacSign.Taurus => "金牛座",
        ZodiacSign.Gemini => "双子座",
        ZodiacSign.Cancer => "巨蟹座",
        ZodiacSign.Leo => "狮子座",
        ZodiacSign.Virgo => "处女座",
        ZodiacSign.Libra => "天秤座",
        ZodiacSign.Scorpio => "天蝎座",
        ZodiacSign.Sagittarius => "射手座",
        _ => throw new ArgumentOutOfRangeException(nameof(sign), sign, null),
    };
}
