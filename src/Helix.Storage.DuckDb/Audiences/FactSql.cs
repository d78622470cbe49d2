using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Tags;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// The tag rules' comparisons (FactComparison in Core) over a JSON expression, as a total SQL predicate: a missing
/// value (SQL NULL or JSON null) fails every operator but notExists, a number compares numerically with a number or
/// a numeric string, two strings compare by bytes, and values of different kinds are never equal nor ordered. The
/// operand is known when compiling, so each comparison is specialised to its kind and never decided by SQL NULL.
/// </summary>
internal static class FactSql
{
    private const string Numbers = "('BIGINT', 'UBIGINT', 'DOUBLE')";

    /// <summary>A predicate that is true or false, never NULL, for <paramref name="value"/> (a JSON expression).</summary>
    public static string Holds(SqlParameters parameters, ConditionOp op, string value, JsonElement? operand)
    {
        var missing = $"({value} IS NULL OR json_type({value}) = 'NULL')";
        if (op == ConditionOp.NotExists)
        {
            return missing;
        }

        var test = op switch
        {
            ConditionOp.Exists => "true",
            ConditionOp.Eq => Equal(parameters, value, operand!.Value),
            ConditionOp.Ne => $"NOT {Equal(parameters, value, operand!.Value)}",
            ConditionOp.Gt => Compare(parameters, value, operand!.Value, ">"),
            ConditionOp.Gte => Compare(parameters, value, operand!.Value, ">="),
            ConditionOp.Lt => Compare(parameters, value, operand!.Value, "<"),
            ConditionOp.Lte => Compare(parameters, value, operand!.Value, "<="),
            ConditionOp.In => AnyEqual(parameters, value, operand!.Value),
            ConditionOp.NotIn => $"NOT {AnyEqual(parameters, value, operand!.Value)}",
            ConditionOp.Contains => Contains(parameters, value, operand!.Value),
            ConditionOp.Between => $"({Compare(parameters, value, operand!.Value[0], ">=")} AND {Compare(parameters, value, operand.Value[1], "<=")})",
            ConditionOp.Before => Instant(parameters, value, operand!.Value, "<"),
            ConditionOp.After => Instant(parameters, value, operand!.Value, ">"),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an operator over facts"),
        };
        return $"(NOT {missing} AND {test})";
    }

    /// <summary>A string that reads as a finite number, as FactComparison.TryNumber reads it.</summary>
    public static bool TryNumber(string? text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>The number a JSON value reads as (a number, or a string that parses as a finite number); NULL otherwise.</summary>
    private static string Number(string value) =>
        $"(CASE WHEN json_type({value}) IN {Numbers} THEN TRY_CAST({value} AS DOUBLE) " +
        $"WHEN json_type({value}) = 'VARCHAR' THEN {NumericText($"json_extract_string({value}, '$')")} END)";

    /// <summary>
    /// A string as a finite double, NULL when it is not one. DuckDB also reads digit separators (<c>1_000</c>), which
    /// .NET does not: those are not numbers.
    /// </summary>
    private static string NumericText(string text) =>
        $"(CASE WHEN NOT contains({text}, '_') AND isfinite(TRY_CAST({text} AS DOUBLE)) THEN TRY_CAST({text} AS DOUBLE) END)";

    /// <summary>True or false, never NULL.</summary>
    private static string Equal(SqlParameters parameters, string value, JsonElement operand)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.Number:
                return $"coalesce({Number(value)} = {parameters.Add(operand.GetDouble())}, false)";
            case JsonValueKind.String:
                var text = parameters.Add(operand.GetString());
                var asText = $"(json_type({value}) = 'VARCHAR' AND json_extract_string({value}, '$') = {text})";
                return TryNumber(operand.GetString(), out var number)
                    ? $"coalesce({asText} OR (json_type({value}) IN {Numbers} AND TRY_CAST({value} AS DOUBLE) = {parameters.Add(number)}), false)"
                    : $"coalesce({asText}, false)";
            case JsonValueKind.True or JsonValueKind.False:
                return $"coalesce(json_type({value}) = 'BOOLEAN' AND CAST({value} AS VARCHAR) = {parameters.Add(operand.ValueKind == JsonValueKind.True ? "true" : "false")}, false)";
            default:
                return "false";
        }
    }

    private static string AnyEqual(SqlParameters parameters, string value, JsonElement operand) =>
        "(" + string.Join(" OR ", operand.EnumerateArray().Select(item => Equal(parameters, value, item)).DefaultIfEmpty("false")) + ")";

    /// <summary>True or false, never NULL: false when the two are not comparable.</summary>
    private static string Compare(SqlParameters parameters, string value, JsonElement operand, string op)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.Number:
                return $"coalesce({Number(value)} {op} {parameters.Add(operand.GetDouble())}, false)";
            case JsonValueKind.String:
                var asText = $"(json_type({value}) = 'VARCHAR' AND json_extract_string({value}, '$') {op} {parameters.Add(operand.GetString())})";
                return TryNumber(operand.GetString(), out var number)
                    ? $"coalesce({asText} OR (json_type({value}) IN {Numbers} AND TRY_CAST({value} AS DOUBLE) {op} {parameters.Add(number)}), false)"
                    : $"coalesce({asText}, false)";
            default:
                return "false";
        }
    }

    /// <summary>Part of a text, or equal to an item of an array.</summary>
    private static string Contains(SqlParameters parameters, string value, JsonElement operand)
    {
        var item = parameters.Variable();
        var inArray = $"(json_type({value}) = 'ARRAY' AND len(list_filter(json_extract({value}, '$[*]'), lambda {item}: {Equal(parameters, item, operand)})) > 0)";
        return operand.ValueKind == JsonValueKind.String
            ? $"coalesce((json_type({value}) = 'VARCHAR' AND contains(json_extract_string({value}, '$'), {parameters.Add(operand.GetString())})) OR {inArray}, false)"
            : $"coalesce({inArray}, false)";
    }

    /// <summary>
    /// Before or after an instant: both sides must read as instants. The operand is read by Helix's own rule
    /// (<see cref="Timestamps.TryParse"/>); the value by DuckDB's ISO 8601 reading (no offset: UTC), which takes
    /// the forms Helix writes, a subset of what .NET reads.
    /// </summary>
    private static string Instant(SqlParameters parameters, string value, JsonElement operand, string op)
    {
        if (operand.ValueKind != JsonValueKind.String || !Timestamps.TryParse(operand.GetString(), out var instant))
        {
            return "false";
        }

        var text = $"json_extract_string({value}, '$')";
        // DuckDB keeps microseconds: v < t is v < ceiling(t) and v > t is v > floor(t) when t has a finer part.
        var bound = op == "<" ? MicrosCeiling(instant) : Micros(instant);
        return $"coalesce(json_type({value}) = 'VARCHAR' AND length({text}) >= 10 AND epoch_us(TRY_CAST({text} AS TIMESTAMPTZ)) {op} {parameters.Add(bound)}, false)";
    }

    /// <summary>Microseconds since the Unix epoch: how instants reach SQL, independent of the session's time zone.</summary>
    public static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Microseconds since the Unix epoch, rounded up: the least whole microsecond not before <paramref name="at"/>.</summary>
    public static long MicrosCeiling(DateTimeOffset at) => Micros(at.AddTicks(TimeSpan.TicksPerMicrosecond - 1));
}
