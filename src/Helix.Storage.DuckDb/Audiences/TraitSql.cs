using System.Globalization;
using Helix.Core.Profiles.Derived;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// The traits Helix derives when none of that name is stored (FactsView in Core): <c>event_count</c>,
/// <c>first_seen</c>, <c>last_seen</c> from the persons row, and <c>age</c>, <c>birthday_month</c>, <c>zodiac</c>
/// from the stored <c>birthday</c> text, read exactly as BirthdayFacts reads it.
/// </summary>
internal static class TraitSql
{
    /// <summary>The derived trait's JSON expression over <c>p</c>, or null when <paramref name="name"/> is not derived.</summary>
    public static string? Derived(SqlParameters parameters, string name, DateTimeOffset now) => name switch
    {
        "event_count" => "to_json(p.event_count)",
        "first_seen" => Instant("p.first_seen"),
        "last_seen" => Instant("p.last_seen"),
        _ when FromBirthday(name) => Birthday(parameters, name, WorkspaceTime.Day(now)),
        _ => null,
    };

    /// <summary>Whether the trait is derived from the birthday, and so needs <see cref="People"/>.</summary>
    public static bool FromBirthday(string name) => name is "age" or "birthday_month" or "zodiac";

    /// <summary>An instant as System.Text.Json writes a UTC DateTimeOffset: <c>2026-11-01T08:00:00.5+00:00</c>, trailing zeros of the fraction dropped.</summary>
    private static string Instant(string column) =>
        $"to_json(strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S') || " +
        $"CASE WHEN epoch_us({column}) % 1000000 = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(epoch_us({column}) % 1000000 AS VARCHAR), 6, '0'), '0') END || '+00:00')";

    /// <summary>
    /// The persons of the workspace with their birthday as a DATE (<c>birthday_date</c>, NULL when it does not read as
    /// one): trimmed, a time after the date cut, and one of yyyy-MM-dd, yyyyMMdd, yyyy/MM/dd, yyyy.MM.dd, yyyy-M-d or
    /// yyyy/M/d, as BirthdayFacts.From reads it. Built in steps so no expression is repeated inside another.
    /// </summary>
    public const string People = """
        SELECT *, TRY_CAST(printf('%04d-%02d-%02d', CAST(birthday_parts[1] AS INTEGER), CAST(birthday_parts[2] AS INTEGER), CAST(birthday_parts[3] AS INTEGER)) AS DATE) AS birthday_date
        FROM (SELECT *,
            CASE WHEN regexp_full_match(birthday_text, '[0-9]{8}') THEN [substr(birthday_text, 1, 4), substr(birthday_text, 5, 2), substr(birthday_text, 7, 2)]
                 WHEN regexp_full_match(birthday_text, '[0-9]{4}\.[0-9]{2}\.[0-9]{2}') OR regexp_full_match(birthday_text, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')
                   OR regexp_full_match(birthday_text, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}') THEN string_split_regex(birthday_text, '[-/.]') END AS birthday_parts
          FROM (SELECT *, CASE WHEN length(birthday_raw) > 10 AND substr(birthday_raw, 11, 1) IN ('T', ' ') THEN left(birthday_raw, 10) ELSE birthday_raw END AS birthday_text
            FROM (SELECT *, CASE WHEN json_type(json_extract(traits, '/birthday')) = 'VARCHAR' THEN trim(json_extract_string(traits, '/birthday'), chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) END AS birthday_raw
              FROM persons WHERE workspace_id = $ws)))
        """;

    /// <summary>Age, birthday month or zodiac from <c>p.birthday_date</c>: none for a birthday after today or more than MaxAge years before it.</summary>
    private static string Birthday(SqlParameters parameters, string name, DateOnly today)
    {
        const string d = "p.birthday_date";
        var t = $"CAST({parameters.Add(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS DATE)";
        var leap = DateTime.IsLeapYear(today.Year) ? "true" : "false";
        // Someone born on 29 February has their birthday on 1 March in other years.
        var anniversary = $"(CASE WHEN month({d}) = 2 AND day({d}) = 29 AND NOT {leap} THEN 301 ELSE month({d}) * 100 + day({d}) END)";
        var age = $"(year({t}) - year({d}) - CASE WHEN month({t}) * 100 + day({t}) < {anniversary} THEN 1 ELSE 0 END)";
        var result = name switch
        {
            "age" => age,
            "birthday_month" => $"month({d})",
            _ => Zodiac($"(month({d}) * 100 + day({d}))"),
        };
        return $"(CASE WHEN {d} <= {t} AND {age} <= {BirthdayFacts.MaxAge} THEN to_json({result}) END)";
    }

    /// <summary>ZodiacSigns.Of as a CASE over month * 100 + day, with the sign's API name.</summary>
    private static string Zodiac(string monthDay)
    {
        (int Start, ZodiacSign Sign)[] starts =
        [
            (1222, ZodiacSign.Capricorn), (1123, ZodiacSign.Sagittarius), (1024, ZodiacSign.Scorpio), (923, ZodiacSign.Libra),
            (823, ZodiacSign.Virgo), (723, ZodiacSign.Leo), (622, ZodiacSign.Cancer), (521, ZodiacSign.Gemini),
            (420, ZodiacSign.Taurus), (321, ZodiacSign.Aries), (219, ZodiacSign.Pisces), (120, ZodiacSign.Aquarius),
        ];
        var cases = string.Concat(starts.Select(s => $"WHEN {monthDay} >= {s.Start} THEN '{s.Sign.Key()}' "));
        return $"CASE {cases}ELSE '{ZodiacSign.Capricorn.Key()}' END";
    }
}
