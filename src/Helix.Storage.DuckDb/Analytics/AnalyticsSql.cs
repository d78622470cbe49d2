using System.Globalization;
using Helix.Core.Analytics;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// What every analytics query's SQL shares: the parameters (the segment's first, so its compiled SQL keeps its
/// <c>$pN</c> names), the segment filter (the audience compiler's query as a subquery), an event's day in the query's
/// zone, its bucket, and a breakdown's key. Values reach SQL only as parameters; column names only from this code.
/// Event rows are aliased <c>ev</c>, the person's row <c>p</c> and facts row <c>f</c>.
/// </summary>
internal sealed class AnalyticsSql
{
    private const long MicrosPerSecond = 1_000_000;
    private readonly AudienceQuery? _segment;

    private AnalyticsSql(AudienceQuery? segment) => _segment = segment;

    public SqlParameters Parameters { get; } = new();

    /// <exception cref="AudienceCompileException">The segment reads a computed trait the definitions do not define.</exception>
    public static AnalyticsSql Create(Condition? segment, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var compiled = segment is null ? null : AudienceSql.Compile(segment, definitions, now);
        var sql = new AnalyticsSql(compiled);
        foreach (var (_, value) in compiled?.Parameters ?? [])
        {
            // Same order, same names: $p0… in the compiled segment are these.
            sql.Parameters.Add(value);
        }

        return sql;
    }

    public string Add(object? value) => Parameters.Add(value);

    /// <summary><c> AND ev.person_id IN (…)</c> (or another column) when there is a segment; empty otherwise.</summary>
    public string SegmentFilter(string column = "ev.person_id") => _segment is null ? "" : $" AND {column} IN ({_segment.Sql})";

    /// <summary>The joins a breakdown's key needs beside the event row.</summary>
    public static string Joins(Breakdown? breakdown) => breakdown?.Source switch
    {
        BreakdownSource.Trait => " LEFT JOIN persons p ON p.workspace_id = ev.workspace_id AND p.person_id = ev.person_id",
        BreakdownSource.Tag => " LEFT JOIN person_facts f ON f.workspace_id = ev.workspace_id AND f.person_id = ev.person_id",
        _ => "",
    };

    /// <summary>The workspace's rows whose timestamp can fall on a day of the range (or up to <paramref name="extra"/> after it).</summary>
    public string Scan(AnalyticsRange range, TimeSpan extra = default)
    {
        var (start, end) = range.ScanBounds();
        return $"ev.workspace_id = $ws AND ev.timestamp >= {Add(start.UtcDateTime)} AND ev.timestamp < {Add((end + extra).UtcDateTime)}";
    }

    /// <summary>The row's calendar day in the zone, as a DATE: arithmetic on the instant when the offset is fixed in the range, ICU otherwise.</summary>
    public string Day(AnalyticsRange range)
    {
        if (range.FixedOffset() is { } offset)
        {
            return $"CAST(make_timestamp(epoch_us(ev.timestamp) + {Add((long)offset.TotalSeconds * MicrosPerSecond)}) AS DATE)";
        }

        return $"CAST(timezone({Add(range.Zone.Id)}, ev.timestamp) AS DATE)";
    }

    public string Date(DateOnly day) => $"CAST({Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS DATE)";

    /// <summary>Whether <paramref name="day"/> is in the range.</summary>
    public string InRange(AnalyticsRange range, string day) => $"{day} BETWEEN {Date(range.From)} AND {Date(range.To)}";

    /// <summary>The first day of <paramref name="day"/>'s day, ISO week or month, not clipped.</summary>
    public static string Truncate(AnalyticsInterval interval, string day) => interval switch
    {
        AnalyticsInterval.Day => day,
        AnalyticsInterval.Week => $"CAST(date_trunc('week', {day}) AS DATE)",
        _ => $"CAST(date_trunc('month', {day}) AS DATE)",
    };

    /// <summary>The bucket of <paramref name="day"/>, clipped to the range's first day.</summary>
    public string Bucket(AnalyticsRange range, string day) => $"greatest({Truncate(range.Interval, day)}, {Date(range.From)})";

    /// <summary>A DATE as its day number since 1970-01-01, which C# reads back without DATE conversions.</summary>
    public static string DayNumber(string day) => $"date_diff('day', DATE '1970-01-01', {day})";

    public static DateOnly FromDayNumber(long days) => DateOnly.FromDayNumber(Epoch + (int)days);

    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>
    /// The breakdown's key (see <see cref="BreakdownValue"/>): <c>''</c> when there is none or the value is missing or
    /// not a scalar; a constant <c>''</c> without a breakdown.
    /// </summary>
    public string Key(Breakdown? breakdown) => breakdown switch
    {
        null => "''",
        { Source: BreakdownSource.Property } => $"coalesce({EventSql.ScalarKey(Property(breakdown.Name))}, '')",
        { Source: BreakdownSource.Trait } => $"coalesce({EventSql.ScalarKey($"json_extract(p.traits, {Parameters.Pointer(breakdown.Name)})")}, '')",
        _ => Tag(breakdown.Name),
    };

    private string Tag(string tag)
    {
        var value = $"json_extract_string(f.tags, {Add(SqlParameters.PointerText(tag) + "/value")})";
        return $"(CASE WHEN coalesce(json_exists(f.tags, {Parameters.Pointer(tag)}), false) THEN coalesce('s:' || {value}, 'b:true') ELSE '' END)";
    }

    /// <summary>The JSON value at a dotted path under the event's properties; NULL unless every step is an object holding the next name.</summary>
    public string Property(string path) => EventSql.Walk(Parameters, "ev.properties", path.Split('.'));

    /// <summary>Whether the event row matches a filter (type, names, property tests), as the audience compiler reads it.</summary>
    public string Matches(EventFilter filter) => EventSql.Matches(Parameters, filter);

    /// <summary>A total order of events: the timestamp, then the log position.</summary>
    public const string Order = "((CAST(epoch_us(ev.timestamp) AS HUGEINT) << 64) + ev.position)";

    /// <summary>Breakdown groups ranked by <paramref name="size"/> (descending, then key), the top <paramref name="limit"/> kept.</summary>
    public string Top(string from, string size, int limit) =>
        $"SELECT k FROM {from} GROUP BY k ORDER BY {size} DESC, k LIMIT {Add(limit)}";
}
