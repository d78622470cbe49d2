using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// A computed trait (or a did, the inline one) as one aggregate over the <c>events</c> rows of a person, folding
/// exactly what ComputedTraitState folds: the events the filter matches (−1 for the subtract filter), in the window,
/// with their values at <c>Of</c>. Its value is JSON: a count is a number (0 for nothing), the other functions are
/// NULL when nothing counted.
/// </summary>
internal static class EventSql
{
    private const long MicrosPerHour = 3_600_000_000;
    private const long MicrosPerDay = 86_400_000_000;
    private const long WorkspaceOffsetMicros = 8 * MicrosPerHour;
    private const string Scalars = "('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN')";

    /// <summary>
    /// The aggregate's SQL, a JSON expression over the person's events grouped by person, and the rows it can count at
    /// all (its filters without the window), so the pass over events can skip every other row.
    /// </summary>
    public static (string Sql, string Rows) Aggregate(SqlParameters parameters, EventAggregate aggregate, DateTimeOffset now)
    {
        var matches = Matches(parameters, aggregate.Filter);
        var subtracted = aggregate.Subtract is { } subtract ? Matches(parameters, subtract) : null;
        var counted = subtracted is null ? matches : $"({matches} OR {subtracted})";
        var where = $"{counted} AND {Window(parameters, aggregate, now)}";
        var sign = subtracted is null ? "1" : $"(CASE WHEN {matches} THEN 1 ELSE -1 END)";
        var filter = $"FILTER (WHERE {where})";
        Folds folds;
        if (aggregate.Of is not { } of || !of.Text.Contains("[]", StringComparison.Ordinal))
        {
            // One value per event (the common case): plain aggregates, no lists.
            var value = aggregate.Of is { } path ? Value(parameters, path) : $"to_json({TimestampText("timestamp")})";
            var key = Key(value);
            var number = $"({Number(value)} * {sign})";
            folds = new Folds($"{value} IS NOT NULL", key, key, $"count(DISTINCT {key}) {filter}", $"histogram({key}) FILTER (WHERE {where} AND {value} IS NOT NULL)",
                $"count({number}) {filter}", $"sum({number}) {filter}", $"min({number}) {filter}", $"max({number}) {filter}");
        }
        else
        {
            // A path through arrays: each event's values as a list.
            var values = Values(parameters, of);
            var (k, v, n) = (parameters.Variable(), parameters.Variable(), parameters.Variable());
            var keys = $"list_transform({values}, lambda {k}: {Key(k)})";
            var numbers = $"list_transform(list_filter(list_transform({values}, lambda {v}: {Number(v)}), lambda {n}: {n} IS NOT NULL), lambda {n}: {n} * {sign})";
            folds = new Folds($"len({values}) > 0", $"list_min({keys})", $"list_max({keys})", $"coalesce(len(list_distinct(flatten(list({keys}) {filter}))), 0)",
                $"list_aggregate(flatten(list({keys}) {filter}), 'histogram')",
                $"sum(len({numbers})) {filter}", $"sum(list_sum({numbers})) {filter}", $"min(list_min({numbers})) {filter}", $"max(list_max({numbers})) {filter}");
        }

        var countable = $"FILTER (WHERE {where} AND {folds.Present})";
        var result = aggregate.Function switch
        {
            AggregateFunction.Count => $"to_json(count(*) {countable})",
            AggregateFunction.First => KeyToJson($"min({{'t': epoch_us(timestamp), 'k': {folds.Least}}}) {countable}.k"),
            AggregateFunction.Last => KeyToJson($"max({{'t': epoch_us(timestamp), 'k': {folds.Greatest}}}) {countable}.k"),
            AggregateFunction.DistinctCount => $"to_json({folds.Distinct})",
            AggregateFunction.MostFrequent => KeyToJson(MostFrequent(parameters, folds.Histogram)),
            AggregateFunction.Sum => $"to_json(CASE WHEN {folds.Numbers} > 0 THEN CAST({folds.Sum} AS DOUBLE) END)",
            AggregateFunction.Avg => $"to_json(CASE WHEN {folds.Numbers} > 0 THEN {Quotient(folds.Sum, folds.Numbers)} END)",
            AggregateFunction.Min => $"to_json(CAST({folds.Min} AS DOUBLE))",
            _ => $"to_json(CAST({folds.Max} AS DOUBLE))",
        };
        return (result, $"{counted}{Scan(parameters, aggregate, now)}");
    }

    /// <summary>
    /// The window as a plain range on the <c>timestamp</c> column, added to the rows the pass over events reads: a
    /// comparison DuckDB pushes into the scan (row groups outside it are skipped), where the exact window test inside
    /// each aggregate's FILTER is a function of the column it cannot push. It never excludes a row the FILTER counts.
    /// </summary>
    private static string Scan(SqlParameters parameters, EventAggregate aggregate, DateTimeOffset now)
    {
        if (aggregate.Range is var (from, until))
        {
            return $" AND timestamp >= {parameters.Add(from.UtcDateTime)}" + (until is { } u ? $" AND timestamp < {parameters.Add(u.UtcDateTime)}" : "");
        }

        return aggregate.Window is { } window ? $" AND timestamp >= {parameters.Add(WindowStart(window, now).UtcDateTime)}" : "";
    }

    /// <summary>The first instant a sliding window covers at <paramref name="now"/>: midnight UTC+8 for whole days, else the hour.</summary>
    private static DateTimeOffset WindowStart(TimeSpan window, DateTimeOffset now)
    {
        var (daily, length) = Length(window);
        return daily
            ? WorkspaceTime.StartOf(WorkspaceTime.Day(now).AddDays(1 - (int)length))
            : new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour) - ((length - 1) * TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    // Whole days are calendar days in workspace time, anything else whole hours (rounded up), as BucketWindow counts.
    private static (bool Daily, long Length) Length(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0
            ? (true, window.Ticks / TimeSpan.TicksPerDay)
            : (false, Math.Max(1, (window.Ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour));

    /// <summary>The value counted most often, ties to the least key; NULL when none was.</summary>
    private static string MostFrequent(SqlParameters parameters, string histogram)
    {
        var (a, b) = (parameters.Variable(), parameters.Variable());
        return $"list_reduce(map_entries({histogram}), lambda {a}, {b}: CASE WHEN {b}.value > {a}.value OR ({b}.value = {a}.value AND {b}.key < {a}.key) THEN {b} ELSE {a} END).key";
    }

    /// <summary>
    /// The SQL of each fold over a person's rows: whether a row has a value to count, its least and greatest key, the
    /// distinct keys, the key histogram, and the count, sum, least and greatest of the numbers (signed, exact decimals).
    /// </summary>
    private sealed record Folds(string Present, string Least, string Greatest, string Distinct, string Histogram, string Numbers, string Sum, string Min, string Max);

    /// <summary>
    /// An average as a double: the decimal quotient, truncated after 18 places, as text DuckDB reads correctly rounded
    /// — the in-memory side divides decimals (28 digits) and reads the result as a double.
    /// </summary>
    private static string Quotient(string sum, string count)
    {
        var scaled = $"(CAST(replace(CAST(CAST({sum} AS DECIMAL(38, 18)) AS VARCHAR), '.', '') AS HUGEINT) // {count})";
        return $"CAST((CASE WHEN {scaled} < 0 THEN '-' ELSE '' END) || CAST(abs({scaled}) // 1000000000000000000 AS VARCHAR) || '.' " +
            $"|| lpad(CAST(abs({scaled}) % 1000000000000000000 AS VARCHAR), 18, '0') AS DOUBLE)";
    }

    /// <summary>Whether an <c>events</c> row matches <paramref name="filter"/>: its type, one of its names, every property test.</summary>
    public static string Matches(SqlParameters parameters, EventFilter filter)
    {
        var tests = new List<string>();
        if (filter.Type is { } type)
        {
            tests.Add($"type = {parameters.Add(type.ToWire())}");
        }

        if (filter.Events.Count > 0)
        {
            tests.Add($"event IN ({string.Join(", ", filter.Events.Select(e => parameters.Add(e)))})");
        }

        foreach (var where in filter.Where)
        {
            var value = Property(parameters, where.Property);
            tests.Add(where.Op == Helix.Core.Tags.ConditionOp.Exists && where.Value is { ValueKind: System.Text.Json.JsonValueKind.False }
                ? FactSql.Holds(parameters, Helix.Core.Tags.ConditionOp.NotExists, value, null)
                : FactSql.Holds(parameters, where.Op, value, where.Value));
        }

        return tests.Count == 0 ? "true" : "coalesce(" + string.Join(" AND ", tests) + ", false)";
    }

    /// <summary>The value at a dotted property path, NULL unless every step is an object holding the next name.</summary>
    private static string Property(SqlParameters parameters, string path) => Walk(parameters, "properties", path.Split('.'));

    /// <summary>The value under <paramref name="root"/> (a JSON column expression) at the names in turn; NULL unless every step is an object holding the next name.</summary>
    internal static string Walk(SqlParameters parameters, string root, IEnumerable<string> names)
    {
        var value = root;
        foreach (var name in names)
        {
            value = $"(CASE WHEN json_type({value}) = 'OBJECT' THEN json_extract({value}, {parameters.Pointer(name)}) END)";
        }

        return value;
    }

    /// <summary>Whether the row is in the window: a date window's days, or a sliding window's buckets, late events included only while their bucket was.</summary>
    private static string Window(SqlParameters parameters, EventAggregate aggregate, DateTimeOffset now)
    {
        if (aggregate.Range is var (from, until))
        {
            var upper = until is { } u ? $" AND epoch_us(timestamp) < {parameters.Add(FactSql.Micros(u))}" : "";
            return $"epoch_us(timestamp) >= {parameters.Add(FactSql.Micros(from))}{upper}";
        }

        if (aggregate.Window is not { } window)
        {
            return "true";
        }

        var (daily, length) = Length(window);
        var start = WindowStart(window, now);
        string Key(string column) => daily ? $"((epoch_us({column}) + {WorkspaceOffsetMicros}) // {MicrosPerDay})" : $"(epoch_us({column}) // {MicrosPerHour})";
        return $"epoch_us(timestamp) >= {parameters.Add(FactSql.Micros(start))} AND {Key("timestamp")} > {Key("received_at")} - {parameters.Add(length)}";
    }

    /// <summary>The scalar value (string, number, boolean) at a path without <c>[]</c>, as JSON; NULL when there is none.</summary>
    private static string Value(SqlParameters parameters, ValuePath of)
    {
        var parts = of.Text.Split('.');
        var value = parts[0] switch
        {
            "source" or "event" or "hour" or "weekday" or "timestamp" => $"{Values(parameters, of)}[1]",
            _ => Walk(parameters, Column(parts[0]), parts.Skip(1)),
        };
        return $"(CASE WHEN json_type({value}) IN {Scalars} THEN {value} END)";
    }

    /// <summary>
    /// The scalar values (strings, numbers, booleans) at a path, as a list of JSON: one per array item where the path
    /// says <c>[]</c>, none where a step is missing or not an object, or the end is null, an object or an array.
    /// </summary>
    private static string Values(SqlParameters parameters, ValuePath of)
    {
        var parts = of.Text.Split('.');
        switch (parts[0])
        {
            case "source":
                return "[to_json(source_id)]";
            case "event":
                return "list_filter([to_json(event)], lambda e: e IS NOT NULL)";
            case "hour":
                return $"[to_json(((epoch_us(timestamp) + {WorkspaceOffsetMicros}) // {MicrosPerHour}) % 24)]";
            case "weekday":
                // 1970-01-01 was a Thursday (4); 1 is Monday.
                return $"[to_json((((epoch_us(timestamp) + {WorkspaceOffsetMicros}) // {MicrosPerDay}) + 3) % 7 + 1)]";
            case "timestamp":
                return $"[to_json({TimestampText("timestamp")})]";
        }

        var list = $"[{Column(parts[0])}]";
        foreach (var part in parts.Skip(1))
        {
            var fanOut = part.EndsWith("[]", StringComparison.Ordinal);
            var pointer = parameters.Pointer(fanOut ? part[..^2] : part);
            var x = parameters.Variable();
            var child = $"(CASE WHEN json_type({x}) = 'OBJECT' THEN json_extract({x}, {pointer}) END)";
            list = fanOut
                ? $"flatten(list_transform({list}, lambda {x}: CASE WHEN json_type({child}) = 'ARRAY' THEN json_extract({child}, '$[*]') ELSE CAST([] AS JSON[]) END))"
                : $"list_transform({list}, lambda {x}: {child})";
        }

        var v = parameters.Variable();
        return $"list_filter({list}, lambda {v}: json_type({v}) IN {Scalars})";
    }

    /// <summary>The column a path's root names: only ever a name from this code, never the path's text.</summary>
    private static string Column(string root) => root == "context" ? "context" : "properties";

    /// <summary>A value's ScalarKey: <c>s:text</c>, <c>n:12.5</c> (no trailing zeros), <c>b:true</c>.</summary>
    private static string Key(string value)
    {
        var number = $"TRY_CAST(CAST({value} AS VARCHAR) AS DECIMAL(38, 18))";
        var numberText = $"coalesce(CASE WHEN {number} = 0 THEN '0' ELSE rtrim(rtrim(CAST({number} AS VARCHAR), '0'), '.') END, CAST({value} AS VARCHAR))";
        return $"CASE json_type({value}) WHEN 'VARCHAR' THEN 's:' || json_extract_string({value}, '$') " +
            $"WHEN 'BOOLEAN' THEN 'b:' || CAST({value} AS VARCHAR) ELSE 'n:' || {numberText} END";
    }

    /// <summary>A value's key as <see cref="Key"/> writes it when it is a scalar; NULL for anything else.</summary>
    internal static string ScalarKey(string value) => $"(CASE WHEN json_type({value}) IN {Scalars} THEN {Key(value)} END)";

    /// <summary>A key back as the JSON value it stands for.</summary>
    private static string KeyToJson(string key) =>
        $"(CASE left({key}, 2) WHEN 's:' THEN to_json(substr({key}, 3)) ELSE CAST(substr({key}, 3) AS JSON) END)";

    /// <summary>
    /// The number a value stands for: a JSON number or a numeric string within ±10^18, as an exact decimal (18 places);
    /// NULL otherwise. DuckDB also reads digit separators (<c>1_000</c>), which .NET does not: those are not numbers.
    /// </summary>
    /// <summary>
    /// <see cref="Number"/> as a DOUBLE without the exact DECIMAL(38, 18) detour, for statistics that end in doubles
    /// (a distribution's quantiles): parsing every value as a 38-digit decimal cost more than the rest of the query.
    /// </summary>
    internal static string Double(string value)
    {
        var number = $"(CASE WHEN json_type({value}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST({value} AS DOUBLE) " +
            $"WHEN json_type({value}) = 'VARCHAR' AND NOT contains(json_extract_string({value}, '$'), '_') THEN TRY_CAST(json_extract_string({value}, '$') AS DOUBLE) END)";
        return $"(CASE WHEN abs({number}) <= 1e18 THEN {number} END)";
    }

    internal static string Number(string value)
    {
        var number = $"(CASE WHEN json_type({value}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST(CAST({value} AS VARCHAR) AS DECIMAL(38, 18)) " +
            $"WHEN json_type({value}) = 'VARCHAR' AND NOT contains(json_extract_string({value}, '$'), '_') THEN TRY_CAST(json_extract_string({value}, '$') AS DECIMAL(38, 18)) END)";
        return $"(CASE WHEN abs({number}) <= 1000000000000000000 THEN {number} END)";
    }

    /// <summary>An instant as ValuePath writes it: ISO 8601 in UTC with seven fractional digits (DuckDB keeps six).</summary>
    private static string TimestampText(string column) => $"(strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S.%f') || '0Z')";
}

/// <summary>One aggregate over a person's events: a computed trait's definition, or a did's (with a date window as <see cref="Range"/>).</summary>
internal sealed record EventAggregate(
    AggregateFunction Function, EventFilter Filter, EventFilter? Subtract, ValuePath? Of, TimeSpan? Window, (DateTimeOffset From, DateTimeOffset? Until)? Range);
