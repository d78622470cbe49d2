using System.Globalization;

namespace Helix.Core.Profiles.Derived;

/// <summary>
/// What a birthday tells a marketer: age, birthday month (the birthday coupon) and the Western zodiac
/// sign (西方星座), with the sign boundaries Chinese brands use (白羊座 3-21 to 4-19 … 双鱼座 2-19 to 3-20).
/// </summary>
public sealed record BirthdayFacts(DateOnly Birthday, int Age, int BirthdayMonth, ZodiacSign Zodiac)
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyy-M-d", "yyyy/M/d"];

    /// <summary>The oldest birthday taken at face value: older ones are placeholders (1900-01-01), not customers.</summary>
    public const int MaxAge = 120;

    /// <returns>Null when <paramref name="birthday"/> is not a date, lies after <paramref name="today"/>, or is more than <see cref="MaxAge"/> years before it.</returns>
    public static BirthdayFacts? From(string? birthday, DateOnly today)
    {
        var text = birthday?.Trim();
        if (text is { Length: > 10 } && text[10] is 'T' or ' ')
        {
            text = text[..10];
        }

        if (!DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date > today)
        {
            return null;
        }

        var age = AgeOn(date, today);
        return age > MaxAge ? null : new BirthdayFacts(date, age, date.Month, ZodiacSigns.Of(date.Month, date.Day));
    }

    /// <summary>Completed years; someone born on 29 February has their birthday on 1 March in other years.</summary>
    public static int AgeOn(DateOnly birthday, DateOnly today)
    {
        var age = today.Year - birthday.Year;
        var anniversary = birthday.Month == 2 && birthday.Day == 29 && !DateTime.IsLeapYear(today.Year)
            ? new DateOnly(today.Year, 3, 1)
            : new DateOnly(today.Year, birthday.Month, birthday.Day);
        return today < anniversary ? age - 1 : age;
    }
}
