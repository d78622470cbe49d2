using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Server.Journeys.Testing;

/// <summary>A test-mode request: <c>{personId, version?, at?, until?}</c>, checked field by field.</summary>
internal sealed record JourneyTestRequest(string PersonId, int? Version, DateTimeOffset? At, DateTimeOffset? Until)
{
    /// <summary>The longest simulated span: a year and a month covers a yearly journey's re-run.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(400);

    /// <summary>How far the clock runs when the request gives no <c>until</c>.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(30);

    public static (JourneyTestRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        var errors = new List<FieldError>();
        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("personId" or "version" or "at" or "until")))
        {
            errors.Add(new FieldError(property.Name, "is not a field of a test: personId, version, at, until"));
        }

        var person = body.TryGetProperty("personId", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 and <= CollectLimits.MaxIdLength } id ? id : null;
        if (person is null)
        {
            errors.Add(new FieldError("personId", "is required: the id of a stored person (p_…)"));
        }

        int? version = null;
        if (body.TryGetProperty("version", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1)
            {
                version = n;
            }
            else
            {
                errors.Add(new FieldError("version", "is a version number of the journey (1 or more)"));
            }
        }

        var at = Time(body, "at", errors);
        var until = Time(body, "until", errors);
        if (at is { } from && until is { } to && (to <= from || to - from > MaxSpan))
        {
            errors.Add(new FieldError("until", $"is after at, by at most {MaxSpan.TotalDays:0} days"));
        }

        return errors.Count > 0 ? (null, errors) : (new JourneyTestRequest(person!, version, at, until), []);
    }

    private static DateTimeOffset? Time(JsonElement body, string name, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        errors.Add(new FieldError(name, "is an ISO 8601 time such as 2026-11-02T10:00:00+08:00"));
        return null;
    }
}
