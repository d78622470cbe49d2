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
        "age" or "birthday_month" or "zodiac" => Birthday(parameters, name, WorkspaceTime.Day(now)),
        _ => null,
    };

    /// <summary>An instant as System.Text.Json writes a UTC DateTimeOffset: <c>2026-11-01T08:00:00.5+00:00</c>, trailing zeros of the fraction dropped.</summary>
    private static string Instant(string column) =>
        $"to_json(strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S') || " +
        $"CASE WHEN epoch_us({column}) % 1000000 = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(epoch_us({column}) % 1000000 AS VARCHAR), 6, '0'), '0') END || '+00:00')";

    private static string Birthday(SqlParameters parameters, string name, DateOnly today)
    {
        // BirthdayFacts.From: trimmed; a time after the date is cut; yyyy-MM-dd, yyyyMMdd, yyyy/MM/dd, yyyy.MM.dd,
        // yyyy-M-d or yyyy/M/d; not after today and at most MaxAge years old.
        var raw = "(CASE WHEN json_type(json_extract(p.traits, '/birthday')) = 'VARCHAR' THEN trim(json_extract_string(p.traits, '/birthday'), ' \t\n\r\v\f') END)";
        var text = $"(CASE WHEN length({raw}) > 10 AND substr({raw}, 11, 1) IN ('T', ' ') THEN left({raw}, 10) ELSE {raw} END)";
        var parts = $"(CASE WHEN regexp_full_match({text}, '[0-9]{{8}}') THEN [substr({text}, 1, 4), substr({text}, 5, 2), substr({text}, 7, 2)] " +
            $"WHEN regexp_full_match({text}, '[0-9]{{4}}\\.[0-9]{{2}}\\.[0-9]{{2}}') OR regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') " +
            $"OR regexp_full_match({text}, '[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}') THEN string_split_regex({text}, '[-/.]') END)";
        var date = $"TRY_CAST(printf('%04d-%02d-%02d', CAST({parts}[1] AS INTEGER), CAST({parts}[2] AS INTEGER), CAST({parts}[3] AS INTEGER)) AS DATE)";
        var todayDate = $"CAST({parameters.Add(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS DATE)";
        var leap = DateTime.IsLeapYear(today.Year) ? "true" : "false";
        // Someone born on 29 February has their birthday on 1 March in other years.
        var anniversary = $"(CASE WHEN month(d) = 2 AND day(d) = 29 AND NOT {leap} THEN 301 ELSE month(d) * 100 + day(d) END)";
        var age = $"(year(t) - year(d) - CASE WHEN month(t) * 100 + day(t) < {anniversary} THEN 1 ELSE 0 END)";
        var result = name switch
        {
            "age" => age,
            "birthday_month" => "month(d)",
            _ => Zodiac("(month(d) * 100 + day(d))"),
        };
        return $"(SELECT CASE WHEN d <= t AND {age} <= {BirthdayFacts.MaxAge} THEN to_json({result}) END FROM (SELECT {date} AS d, {todayDate} AS t))";
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
