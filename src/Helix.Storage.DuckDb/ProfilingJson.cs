using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Privacy.Consent;

namespace Helix.Storage.DuckDb;

/// <summary>
/// A person's deciding <c>profiling</c> statement in <c>person_facts.profiling</c>:
/// <c>{"granted": false, "at": "…", "position": 12, "messageId": "…", "source": "…"}</c>, NULL when they never made one.
/// Queries test <see cref="RefusedSql"/>; the fold reads it back whole to order later statements against it.
/// </summary>
internal static class ProfilingJson
{
    /// <summary>True for a person of alias <c>f</c> (person_facts, possibly absent) whose deciding statement refuses profiling.</summary>
    public const string RefusedSql = "coalesce(json_extract_string(f.profiling, '$.granted') = 'false', false)";

    /// <summary>The ids of the persons of workspace <c>$ws</c> who refuse profiling, for <c>person_id NOT IN (…)</c>.</summary>
    public const string RefusingSql = "SELECT f.person_id FROM person_facts f WHERE f.workspace_id = $ws AND " + RefusedSql;

    public static string? Write(ConsentStatement? statement) => statement is null ? null : new JsonObject
    {
        ["granted"] = statement.Granted,
        ["at"] = statement.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["position"] = statement.Position,
        ["messageId"] = statement.MessageId,
        ["source"] = statement.Source,
    }.ToJsonString();

    public static ConsentStatement? Read(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var root = JsonElement.Parse(json);
        return new ConsentStatement(
            new ConsentTopic(ConsentTopic.Profiling, null), root.GetProperty("granted").GetBoolean(), root.GetProperty("at").GetDateTimeOffset(),
            root.GetProperty("source").GetString()!, root.GetProperty("messageId").GetString()!, root.GetProperty("position").GetInt64());
    }
}
