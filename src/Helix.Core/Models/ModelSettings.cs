using System.Text.Json;
using Cronos;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Models;

/// <summary>
/// How a workspace's model tags are computed and when: <c>settings.models</c> of its profile definitions,
/// so a change is versioned and applied through the log like any definition.
/// </summary>
/// <param name="Schedule">A five-field cron expression in the workspace's time zone (<c>0 3 * * *</c>: 03:00 daily); null refreshes on demand only.</param>
/// <param name="OrderEvent">The track event that is an order.</param>
/// <param name="RefundEvent">The track event that is a refund; its value is subtracted from RFM's monetary value.</param>
/// <param name="Revenue">The property holding an order's (and a refund's) value.</param>
/// <param name="RfmBins">Quantile bins per RFM dimension.</param>
public sealed record ModelSettings(
    string? Schedule,
    string OrderEvent,
    string RefundEvent,
    string Revenue,
    int RfmBins,
    LifecycleThresholds Lifecycle,
    AiplOptions Aipl,
    ClvTierOptions Clv,
    ChurnRiskOptions Churn)
{
    public static ModelSettings Default { get; } = new(
        null, "Order Completed", "Order Refunded", "revenue", 5, new LifecycleThresholds(), AiplOptions.Default, new ClvTierOptions(), new ChurnRiskOptions());

    /// <summary>Helix's workspace calendar as a time zone, for the cron schedule.</summary>
    public static TimeZoneInfo TimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("Helix workspace", WorkspaceTime.Offset, "UTC+08:00", "UTC+08:00");

    /// <summary>The first scheduled instant strictly after <paramref name="after"/>, or null without a schedule.</summary>
    public DateTimeOffset? NextRun(DateTimeOffset after) =>
        Schedule is null ? null : CronExpression.Parse(Schedule).GetNextOccurrence(after, TimeZone);

    /// <summary>
    /// When the next scheduled refresh is due: the first occurrence after the last run started, or, before any run,
    /// after the settings were applied. Counted from stored times, not from a timer, so a refresh that fell due while
    /// Helix was down is due once at the next start — however many occurrences were missed — and not again after it runs.
    /// </summary>
    public DateTimeOffset? DueAt(DateTimeOffset? lastRunStarted, DateTimeOffset settingsApplied) =>
        NextRun(lastRunStarted ?? settingsApplied);

    public static (ModelSettings? Settings, IReadOnlyList<FieldError> Errors) Parse(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError(field, "must be an object")]);
        }

        var reader = new SettingsReader(element, field);
        var schedule = reader.String("schedule", null, 100);
        if (schedule is not null && !IsCron(schedule))
        {
            reader.Errors.Add(new FieldError($"{field}.schedule", "must be a five-field cron expression (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\""));
        }

        var defaults = Default;
        var lifecycle = reader.Object("lifecycle", l => new LifecycleThresholds(
            l.Int("newWindowDays", defaults.Lifecycle.NewWindowDays, 0, 3650),
            l.Int("atRiskAfterDays", defaults.Lifecycle.AtRiskAfterDays, 1, 3650),
            l.Int("churnedAfterDays", defaults.Lifecycle.ChurnedAfterDays, 2, 3650)), defaults.Lifecycle);
        if (lifecycle.ChurnedAfterDays <= lifecycle.AtRiskAfterDays)
        {
            reader.Errors.Add(new FieldError($"{field}.lifecycle.churnedAfterDays", "must be greater than atRiskAfterDays"));
        }

        var clv = reader.Object("clv", c => new ClvTierOptions(c.Double("highShare", defaults.Clv.HighShare), c.Double("mediumShare", defaults.Clv.MediumShare)), defaults.Clv);
        if (clv.HighShare + clv.MediumShare > 1)
        {
            reader.Errors.Add(new FieldError($"{field}.clv.mediumShare", "highShare and mediumShare must add up to at most 1"));
        }

        var churn = reader.Object("churn", c => new ChurnRiskOptions(c.Double("highBelow", defaults.Churn.HighBelow), c.Double("mediumBelow", defaults.Churn.MediumBelow)), defaults.Churn);
        if (churn.MediumBelow < churn.HighBelow)
        {
            reader.Errors.Add(new FieldError($"{field}.churn.mediumBelow", "must be at least highBelow"));
        }

        var settings = new ModelSettings(
            schedule,
            reader.String("orderEvent", defaults.OrderEvent, 200)!,
            reader.String("refundEvent", defaults.RefundEvent, 200)!,
            reader.String("revenue", defaults.Revenue, 200)!,
            reader.Object("rfm", r => r.Int("bins", defaults.RfmBins, 2, 10), defaults.RfmBins),
            lifecycle,
            reader.Object("aipl", a => new AiplOptions(
                a.Strings("interestEvents", defaults.Aipl.InterestEvents),
                a.Int("loyalOrders", defaults.Aipl.LoyalOrders, 1, 1000),
                a.Int("windowDays", defaults.Aipl.WindowDays, 1, 3650)), defaults.Aipl),
            clv,
            churn);
        return reader.Errors.Count > 0 ? (null, reader.Errors) : (settings, []);
    }

    public void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Schedule is not null)
        {
            writer.WriteString("schedule", Schedule);
        }

        writer.WriteString("orderEvent", OrderEvent);
        writer.WriteString("refundEvent", RefundEvent);
        writer.WriteString("revenue", Revenue);
        writer.WriteStartObject("rfm");
        writer.WriteNumber("bins", RfmBins);
        writer.WriteEndObject();
        writer.WriteStartObject("lifecycle");
        writer.WriteNumber("newWindowDays", Lifecycle.NewWindowDays);
        writer.WriteNumber("atRiskAfterDays", Lifecycle.AtRiskAfterDays);
        writer.WriteNumber("churnedAfterDays", Lifecycle.ChurnedAfterDays);
        writer.WriteEndObject();
        writer.WriteStartObject("aipl");
        writer.WriteStartArray("interestEvents");
        foreach (var name in Aipl.InterestEvents)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteNumber("loyalOrders", Aipl.LoyalOrders);
        writer.WriteNumber("windowDays", Aipl.WindowDays);
        writer.WriteEndObject();
        writer.WriteStartObject("clv");
        writer.WriteNumber("highShare", Clv.HighShare);
        writer.WriteNumber("mediumShare", Clv.MediumShare);
        writer.WriteEndObject();
        writer.WriteStartObject("churn");
        writer.WriteNumber("highBelow", Churn.HighBelow);
        writer.WriteNumber("mediumBelow", Churn.MediumBelow);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static bool IsCron(string expression)
    {
        try
        {
            CronExpression.Parse(expression, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>Reads optional members of one settings object, collecting an error per bad field and falling back to the default.</summary>
    private sealed class SettingsReader(JsonElement element, string field, List<FieldError>? errors = null)
    {
        public List<FieldError> Errors { get; } = errors ?? [];

        public string? String(string name, string? fallback, int maxLength)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && text.Length <= maxLength)
            {
                return text;
            }

            return Fail(name, $"must be a string of 1 to {maxLength} characters", fallback);
        }

        public int Int(string name, int fallback, int min, int max) =>
            !element.TryGetProperty(name, out var value) ? fallback
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max ? number
            : Fail(name, $"must be a whole number from {min} to {max}", fallback);

        public double Double(string name, double fallback) =>
            !element.TryGetProperty(name, out var value) ? fallback
            : value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1 and var number ? number
            : Fail(name, "must be a number from 0 to 1", fallback);

        public IReadOnlyList<string> Strings(string name, IReadOnlyList<string> fallback)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 100
                && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= 200 }))
            {
                return [.. value.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal)];
            }

            return Fail(name, "must be an array of up to 100 event names of 1 to 200 characters", fallback);
        }

        public T Object<T>(string name, Func<SettingsReader, T> read, T fallback)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return fallback;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                return Fail(name, "must be an object", fallback);
            }

            return read(new SettingsReader(value, $"{field}.{name}", Errors));
        }

        private T Fail<T>(string name, string reason, T fallback)
        {
            Errors.Add(new FieldError($"{field}.{name}", reason));
            return fallback;
        }
    }
}
