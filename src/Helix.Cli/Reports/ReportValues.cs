using System.Text.Json;

namespace Helix.Cli.Reports;

/// <summary>Reading the API's JSON answers into table cells.</summary>
internal static class ReportValues
{
    /// <summary>A breakdown group's label: its value, "(none)" for a missing value, "(other)" beyond the top groups, "all" without a breakdown.</summary>
    public static string Group(JsonElement item) =>
        !item.TryGetProperty("group", out var group) || group.ValueKind == JsonValueKind.Null
            ? "all"
            : group.GetProperty("isOther").GetBoolean()
                ? "(other)"
                : group.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null
                    ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                    : "(none)";

    public static double? Double(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
