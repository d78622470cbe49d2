using System.Text;
using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;

namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// Compiles an audience condition to one DuckDB query over a workspace — the second evaluator beside
/// <see cref="AudienceEvaluator"/>, which defines the meaning and which this must agree with. Every event-based part
/// (did, computed traits, sequence steps) becomes a column of one aggregate over the workspace's events grouped by
/// person; the boolean tree is then one predicate over persons joined to those columns, their facts row and segment
/// memberships. Every leaf is total (true or false, never NULL), so <c>not</c> is the plain negation it is in C#.
/// Values and names reach SQL only as parameters.
/// </summary>
internal sealed class AudienceSql
{
    private readonly SqlParameters _parameters = new();
    private readonly List<string> _columns = [];
    private readonly List<string> _rows = [];
    private readonly List<string> _values = [];
    private bool _birthday;
    private bool _tags;
    private readonly ProfileDefinitions _definitions;
    private readonly DateTimeOffset _now;

    private readonly bool _exceptRefusals;

    private AudienceSql(ProfileDefinitions definitions, DateTimeOffset now, bool exceptRefusals) =>
        (_definitions, _now, _exceptRefusals) = (definitions, now, exceptRefusals);

    /// <param name="exceptRefusals">
    /// Leave out persons who refuse profiling: an audience (estimate, segment) built from their behaviour or traits is
    /// profiling them. Analytics that only restrict an aggregate to a condition pass false.
    /// </param>
    /// <exception cref="AudienceCompileException">The condition reads a computed trait <paramref name="definitions"/> does not define.</exception>
    public static AudienceQuery Compile(Condition condition, ProfileDefinitions definitions, DateTimeOffset now, bool exceptRefusals = false)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(definitions);
        var compiler = new AudienceSql(definitions, now, exceptRefusals);
        var predicate = compiler.Predicate(condition);
        return new AudienceQuery(compiler.Query(predicate), compiler._parameters.Values);
    }

    /// <summary>
    /// The query: event aggregates (<c>ev</c>), then each person's values (<c>vN</c>: facts, aggregates, step times)
    /// computed once in an inner select, then the predicate over them — so no value's SQL is repeated in a comparison.
    /// </summary>
    private string Query(string predicate)
    {
        var sql = new StringBuilder("WITH ");
        if (_columns.Count > 0)
        {
            sql.Append("ev AS (SELECT person_id");
            for (var i = 0; i < _columns.Count; i++)
            {
                sql.Append(",\n  ").Append(_columns[i]).Append(" AS c").Append(i);
            }

            // Only rows some aggregate can count: with a few event names in a condition, most of the workspace's events are skipped.
            var rows = _rows.Contains("true") ? "" : " AND (" + string.Join(" OR ", _rows.Distinct()) + ")";
            sql.Append("\nFROM events WHERE workspace_id = $ws").Append(rows).Append(" GROUP BY person_id),\n");
        }

        sql.Append("people AS (").Append(_birthday ? TraitSql.People : "SELECT * FROM persons WHERE workspace_id = $ws").Append(")\n");
        sql.Append("SELECT m.person_id FROM (SELECT p.person_id").Append(_tags ? ", f.tags" : "");
        for (var i = 0; i < _values.Count; i++)
        {
            sql.Append(",\n  ").Append(_values[i]).Append(" AS v").Append(i);
        }

        sql.Append("\nFROM people p\n");
        if (_columns.Count > 0)
        {
            sql.Append("LEFT JOIN ev ON ev.person_id = p.person_id\n");
        }

        if (_tags)
        {
            // Only a condition on tags reads the facts row: its tags JSON is the widest value a person has.
            sql.Append("LEFT JOIN person_facts f ON f.workspace_id = p.workspace_id AND f.person_id = p.person_id\n");
        }

        if (_exceptRefusals)
        {
            sql.Append("WHERE p.person_id NOT IN (").Append(ProfilingJson.RefusingSql).Append(")\n");
        }

        sql.Append(") m\n");
        sql.Append("WHERE ").Append(predicate);
        return sql.ToString();
    }

    /// <summary>Adds a per-person aggregate over events that counts only <paramref name="rows"/>; returns how a value reads it (<c>ev.cN</c>).</summary>
    internal string Column(string aggregate, string rows)
    {
        _columns.Add(aggregate);
        _rows.Add(rows);
        return "ev.c" + (_columns.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a per-person value over <c>p</c>, <c>ev</c> and <c>f</c>; returns how the predicate reads it (<c>m.vN</c>).</summary>
    internal string Value(string expression)
    {
        _values.Add(expression);
        return "m.v" + (_values.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal SqlParameters Parameters => _parameters;

    internal DateTimeOffset Now => _now;

    private string Predicate(Condition condition) => condition switch
    {
        AllCondition all => "(" + string.Join(" AND ", all.Conditions.Select(Predicate)) + ")",
        AnyCondition any => "(" + string.Join(" OR ", any.Conditions.Select(Predicate)) + ")",
        NotCondition not => $"(NOT {Predicate(not.Condition)})",
        FactCondition fact => FactSql.Holds(_parameters, fact.Op, Value(Fact(fact.Fact)), fact.Value),
        TagReferenceCondition tag => Tag(tag),
        SegmentReferenceCondition segment =>
            $"EXISTS (SELECT 1 FROM segment_members s WHERE s.workspace_id = $ws AND s.segment = {_parameters.Add(segment.Segment)} AND s.person_id = m.person_id)",
        EventCondition did => Did(did),
        SequenceCondition sequence => SequenceSql.Holds(this, sequence),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "not an audience condition"),
    };

    /// <summary>A fact as a JSON expression: a stored trait (a derived one when none is stored), or a computed trait's aggregate.</summary>
    private string Fact(FactRef fact)
    {
        if (fact.Source == FactSource.Computed)
        {
            var definition = _definitions.ComputedTrait(fact.Name)
                ?? throw new AudienceCompileException($"computed(\"{fact.Name}\")", $"the workspace defines no computed trait '{fact.Name}'");
            var aggregate = new EventAggregate(definition.Function, definition.Filter, definition.Subtract, definition.Of, definition.Window, null);
            return Aggregate(aggregate);
        }

        var pointer = _parameters.Pointer(fact.Name);
        var stored = $"json_extract(p.traits, {pointer})";
        if (TraitSql.Derived(_parameters, fact.Name, _now) is not { } derived)
        {
            return stored;
        }

        _birthday |= TraitSql.FromBirthday(fact.Name);
        return $"(CASE WHEN json_exists(p.traits, {pointer}) THEN {stored} ELSE {derived} END)";
    }

    /// <summary>The stored tags: the person holds the tag, and for a value test its value (null for plain membership) is or is not listed.</summary>
    private string Tag(TagReferenceCondition tag)
    {
        _tags = true;
        var held = $"coalesce(json_exists(m.tags, {_parameters.Pointer(tag.Tag)}), false)";
        if (tag.Op is null)
        {
            return held;
        }

        var value = $"json_extract_string(m.tags, {_parameters.Add(SqlParameters.PointerText(tag.Tag) + "/value")})";
        var listed = $"coalesce({value} IN ({string.Join(", ", tag.Values.Select(v => _parameters.Add(v)))}), false)";
        return tag.Op == ConditionOp.Ne ? $"({held} AND NOT {listed})" : $"({held} AND {listed})";
    }

    /// <summary>An aggregate's value for every person: a count of nothing is 0, anything else of nothing is missing.</summary>
    private string Aggregate(EventAggregate aggregate)
    {
        var (sql, rows) = EventSql.Aggregate(_parameters, aggregate, _now);
        var value = Column(sql, rows);
        return aggregate.Function is AggregateFunction.Count or AggregateFunction.DistinctCount ? $"coalesce({value}, to_json(0))" : value;
    }

    /// <summary>A did: the computed trait it stands for, compared with its threshold.</summary>
    private string Did(EventCondition did)
    {
        var relative = did.Window as RelativeWindow;
        var range = did.Window is DateWindow window ? window.Bounds(_now) : ((DateTimeOffset, DateTimeOffset?)?)null;
        var aggregate = new EventAggregate(did.Function, did.Filter, null, did.Of, relative?.Length, range);
        return FactSql.Holds(_parameters, did.Op, Value(Aggregate(aggregate)), JsonSerializer.SerializeToElement(did.Threshold));
    }
}
