using System.Text.Json;
using Cronos;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Journeys;

/// <summary>The entry trigger, re-entry, goal and quiet hours.</summary>
public static partial class JourneySpec
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(366);

    private const string EntryShape = "is {\"kind\": event|segmentEntered|segmentExited|schedule|anniversary|api, …}";

    private static JourneyEntry? ParseEntry(JsonElement element, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "entry", EntryShape, errors) is not { } members)
        {
            return null;
        }

        var kind = members.TryGetValue("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        string[] allowed = kind switch
        {
            "event" => ["kind", "event", "where"],
            "segmentEntered" or "segmentExited" => ["kind", "segment"],
            "schedule" => ["kind", "cron", "audience"],
            "anniversary" => ["kind", "trait", "offsetDays", "at"],
            "api" => ["kind"],
            _ => [],
        };
        if (allowed.Length == 0)
        {
            errors.Add(new FieldError("entry.kind", EntryShape[3..]));
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(members, allowed, "entry", $"a {kind} entry", errors);
        JourneyEntry? entry = kind switch
        {
            "event" => ComputedTraitSpec.ParseEventFilter(Only(element, "event", "where"), "entry", errors) is { } filter ? new EventEntry(filter) : null,
            "segmentEntered" or "segmentExited" => TagSpec.RequiredName(members, "segment", "entry", errors) is { } segment ? new SegmentEntry(segment, kind == "segmentExited") : null,
            "schedule" => ParseSchedule(members, errors),
            "anniversary" => ParseAnniversary(members, errors),
            _ => new ApiEntry(),
        };
        return errors.Count > before ? null : entry;
    }

    private static ScheduleEntry? ParseSchedule(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        var cron = members.TryGetValue("cron", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        try
        {
            _ = CronExpression.Parse(cron ?? "", CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            errors.Add(new FieldError("entry.cron", "is a five-field cron expression in workspace time, such as \"0 10 * * 1\" (Mondays at 10:00)"));
            cron = null;
        }

        var (audience, problems) = SegmentSpec.ParseCondition(members.GetValueOrDefault("audience"), "entry.audience");
        errors.AddRange(problems);
        if (audience is null && problems.Count == 0)
        {
            errors.Add(new FieldError("entry.audience", "is required: the audience condition whose members enter at each run"));
        }

        return cron is null || audience is null ? null : new ScheduleEntry(cron, audience);
    }

    private static AnniversaryEntry? ParseAnniversary(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        var trait = members.TryGetValue("trait", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 and <= 200 } name ? name : null;
        if (trait is null)
        {
            errors.Add(new FieldError("entry.trait", "is required: the trait holding the date (yyyy-MM-dd), such as birthday"));
        }

        var offset = 0;
        if (members.TryGetValue("offsetDays", out var o) && !(o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out offset) && offset is >= -60 and <= 60))
        {
            errors.Add(new FieldError("entry.offsetDays", "is a whole number of days from -60 (before the date) to 60 (after)"));
        }

        var at = members.TryGetValue("at", out var a) ? Time(a, "entry.at", errors) : new TimeOnly(10, 0);
        return trait is null || at is null ? null : new AnniversaryEntry(trait, offset, at.Value);
    }

    private static JourneyReentry ParseReentry(JsonElement element, List<FieldError> errors)
    {
        const string Shape = "is never, afterExit, or {\"after\": \"30d\"} (that long after the previous entry)";
        if (element.ValueKind == JsonValueKind.String)
        {
            if (element.GetString() is "never" or "afterExit")
            {
                return new JourneyReentry(element.GetString() == "never" ? ReentryMode.Never : ReentryMode.AfterExit);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object && TagSpec.Members(element, "reentry", Shape, errors) is { } members)
        {
            TagSpec.Unexpected(members, ["after"], "reentry", "a re-entry", errors);
            if (members.TryGetValue("after", out var after) && Duration(after, "reentry.after", TimeSpan.FromDays(3660), errors) is { } delay)
            {
                return new JourneyReentry(ReentryMode.AfterDelay, delay);
            }

            return JourneyReentry.Never;
        }

        errors.Add(new FieldError("reentry", Shape));
        return JourneyReentry.Never;
    }

    private static JourneyGoal? ParseGoal(JsonElement element, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "goal", "is {\"event\": name, \"where\": [...], \"within\": \"7d\"}", errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(members, ["event", "where", "within"], "goal", "a goal", errors);
        var filter = ComputedTraitSpec.ParseEventFilter(Only(element, "event", "where"), "goal", errors);
        var within = Required(members, "within", "goal.within", "how long after entry the goal counts, such as 7d", errors) is { } w ? Duration(w, "goal.within", MaxWait, errors) : null;
        return errors.Count > before ? null : new JourneyGoal(filter!, within!.Value);
    }

    private static QuietHours? ParseQuietHours(JsonElement element, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "quietHours", "is {\"from\": \"21:00\", \"to\": \"09:00\"} in workspace time", errors) is not { } members)
        {
            return null;
        }

        TagSpec.Unexpected(members, ["from", "to"], "quietHours", "quiet hours", errors);
        var from = Required(members, "from", "quietHours.from", "HH:mm", errors) is { } f ? Time(f, "quietHours.from", errors) : null;
        var to = Required(members, "to", "quietHours.to", "HH:mm", errors) is { } t ? Time(t, "quietHours.to", errors) : null;
        if (from is { } a && to is { } b && a == b)
        {
            errors.Add(new FieldError("quietHours.to", "differs from from: quiet hours of no length or of the whole day are not quiet hours"));
        }

        return from is null || to is null ? null : new QuietHours(from.Value, to.Value);
    }
}
