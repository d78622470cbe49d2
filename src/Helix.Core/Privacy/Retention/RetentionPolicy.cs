using Helix.Core.Collect;

namespace Helix.Core.Privacy.Retention;

/// <summary>
/// How long raw events of one kind are kept: a track event by name (<c>Product Viewed</c>), or every message of a
/// type (<c>page</c>, <c>screen</c>, <c>identify</c>…). An event older than <see cref="Days"/> by its event time is
/// removed from the store and its log record becomes a tombstone. Consent events never expire (a type policy for
/// <c>track</c> passes them by): they are the evidence of what the person agreed to.
/// </summary>
public sealed record RetentionPolicy(string? Type, string? Event, int Days)
{
    public const int MaxDays = 36_500;
    public const int MaxPolicies = 100;

    public DateTimeOffset Cutoff(DateTimeOffset now) => now - TimeSpan.FromDays(Days);

    public override string ToString() => Event is not null ? $"event '{Event}'" : $"type '{Type}'";

    /// <summary>Every problem of a workspace's policy list, each naming its field (<c>policies[1].days</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<RetentionPolicy?>? policies)
    {
        if (policies is null)
        {
            return [new FieldError("policies", "is required: a list of {event or type, days}; an empty list keeps everything")];
        }

        if (policies.Count > MaxPolicies)
        {
            return [new FieldError("policies", $"has at most {MaxPolicies} policies")];
        }

        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            var field = $"policies[{i}]";
            if (policies[i] is not { } policy)
            {
                errors.Add(new FieldError(field, "is required"));
                continue;
            }

            if ((policy.Event is null) == (policy.Type is null))
            {
                errors.Add(new FieldError(field, "needs exactly one of 'event' (a track event's name) or 'type' (page, screen, identify, track, group, alias)"));
            }
            else if (policy.Type is not null && !MessageTypes.TryParse(policy.Type, out _))
            {
                errors.Add(new FieldError($"{field}.type", "must be one of page, screen, identify, track, group, alias"));
            }
            else if (policy.Event is not null && (string.IsNullOrWhiteSpace(policy.Event) || policy.Event.Length > CollectLimits.MaxEventNameLength))
            {
                errors.Add(new FieldError($"{field}.event", $"must be a track event's name, at most {CollectLimits.MaxEventNameLength} characters"));
            }
            else if (policy.Event == Consent.ConsentEvent.Name)
            {
                errors.Add(new FieldError($"{field}.event", "cannot expire: consent events are the evidence of consent and stay while the person does"));
            }
            else if (!seen.Add(policy.ToString()))
            {
                errors.Add(new FieldError(field, $"repeats the policy for {policy}"));
            }

            if (policy.Days is < 1 or > MaxDays)
            {
                errors.Add(new FieldError($"{field}.days", $"must be a whole number of days from 1 to {MaxDays}"));
            }
        }

        return errors;
    }
}
