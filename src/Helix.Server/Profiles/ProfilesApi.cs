using System.Text.Json;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Derived;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Profiles;

/// <summary>Profiles of the caller's workspace, as of the pipeline's last committed batch.</summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/profiles").WithTags("Profiles");
        group.MapGet("/lookup", LookupAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("Finds a person by any identifier: ?type=user_id|phone|email|wechat_unionid|…&value=… (normalised as on ingestion)")
            .Produces<ProfileResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{personId}", GetAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("A person's profile; a person id merged into another answers with the survivor's profile, 'mergedFrom' and the Helix-Merged-From header, as every read under it does")
            .Produces<ProfileResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{personId}/tag-history", TagHistoryAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("The person's tag changes, newest first: gained, lost or changed value, when, and why (the event, definitions version, list import, model run or window expiry)")
            .Produces<IReadOnlyList<TagChangeResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{personId}/identity-graph", IdentityGraphAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("Why these identifiers are one person: each identifier with the event and source that linked it, and every link and merge")
            .Produces<IdentityGraphResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{personId}/events", EventsAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("A person's events, newest first; pass 'next' back as ?cursor= for the following page")
            .Produces<TimelineResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record IdentifierResponse(string Type, string Value, DateTimeOffset FirstSeen);

    public sealed record ProfileResponse(
        string PersonId,
        IReadOnlyDictionary<string, JsonElement> Traits,
        IReadOnlyList<IdentifierResponse> Identifiers,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastSeen,
        long EventCount,
        int MergeCount,
        QuarantineResponse? Quarantine,
        IReadOnlyDictionary<string, TraitProvenanceResponse> TraitProvenance,
        DerivedResponse? Derived)
    {
        /// <summary>Each computed trait's value now (windows as of the request); null where the person has none.</summary>
        public IReadOnlyDictionary<string, JsonElement?> ComputedTraits { get; init; } = new Dictionary<string, JsonElement?>();

        /// <summary>The tags the person has: value (null for plain membership) and since when.</summary>
        public IReadOnlyDictionary<string, TagResponse> Tags { get; init; } = new Dictionary<string, TagResponse>();

        /// <summary>The saved segments the person is in, and since when (null: since a scheduled recompute before times were kept).</summary>
        public IReadOnlyDictionary<string, DateTimeOffset?> Segments { get; init; } = new Dictionary<string, DateTimeOffset?>();

        /// <summary>The person's consents now: the latest statement per topic stated (history: GET …/consents).</summary>
        public IReadOnlyList<Privacy.Consent.ConsentResponse> Consents { get; init; } = [];

        /// <summary>The person id asked for when it was merged into this person (this profile's <c>personId</c>); null otherwise.</summary>
        public string? MergedFrom { get; init; }
    }

    public sealed record TagResponse(string? Value, DateTimeOffset Since);

    public sealed record TagChangeResponse(string Tag, string Change, string? OldValue, string? NewValue, DateTimeOffset At, long Position, string Reason);

    /// <summary>What the <c>birthday</c> trait tells, as of today in the workspace's time zone; null without a usable birthday.</summary>
    public sealed record DerivedResponse(int Age, int BirthdayMonth, string Zodiac, string ZodiacName);

    /// <summary>Who set a trait's value: the event's time, source and message, and its log position.</summary>
    public sealed record TraitProvenanceResponse(DateTimeOffset At, string? SourceId, string? MessageId, long? Position);

    public sealed record QuarantineResponse(string Reason, long Position, DateTimeOffset At);

    public sealed record EventResponse(
        long Position,
        string MessageId,
        string Type,
        string? Event,
        string SourceId,
        string? UserId,
        string? AnonymousId,
        DateTimeOffset Timestamp,
        DateTimeOffset ReceivedAt,
        JsonElement? Properties,
        JsonElement? Traits,
        JsonElement? Context);

    public sealed record TimelineResponse(IReadOnlyList<EventResponse> Events, string? Next);

    public sealed record IdentifierRef(string Type, string Value);

    public sealed record GraphIdentifierResponse(string Type, string Value, DateTimeOffset FirstSeen, long Position, string? SourceId);

    public sealed record GraphLinkResponse(IdentifierRef From, IdentifierRef To, string Kind, long Position, string MessageId, string SourceId, DateTimeOffset At);

    public sealed record IdentityGraphResponse(string PersonId, IReadOnlyList<GraphIdentifierResponse> Identifiers, IReadOnlyList<GraphLinkResponse> Links);

    private static async Task<IResult> IdentityGraphAsync(string personId, HttpContext context, IProfileReader profiles)
    {
        var profile = await MergedIds.ProfileAsync(context, profiles, personId);
        var graph = profile is null ? null : await profiles.GetIdentityGraphAsync(context.User.Workspace(), profile.PersonId, context.RequestAborted);
        return graph is null
            ? ProblemResults.NotFound($"No person '{personId}'.")
            : Results.Ok(new IdentityGraphResponse(
                graph.PersonId.Value,
                graph.Identifiers.Select(i => new GraphIdentifierResponse(i.Identifier.Type, i.Identifier.Value, i.FirstSeen, i.Position, i.SourceId?.Value)).ToArray(),
                graph.Links.Select(l => new GraphLinkResponse(
                    new IdentifierRef(l.From.Type, l.From.Value), new IdentifierRef(l.To.Type, l.To.Value),
                    IdentityLinkKinds.Wire(l.Kind), l.Position, l.MessageId, l.SourceId.Value, l.At)).ToArray()));
    }

    private static async Task<IResult> LookupAsync(
        string? type, string? value, HttpContext context, IProfileReader profiles, IIdentityJournal journal, ProfileFacts facts, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var (profile, problem) = await ProfileLookup.FindAsync(type, value, "value", workspace, profiles, journal, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        return profile is null
            ? ProblemResults.NotFound($"No person has {type} '{value}'.")
            : Results.Ok(await facts.AddToAsync(ToResponse(profile, Today(time)), workspace, profile.PersonId, context.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string personId, HttpContext context, IProfileReader profiles, ProfileFacts facts, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var profile = await MergedIds.ProfileAsync(context, profiles, personId);
        if (profile is null)
        {
            return ProblemResults.NotFound($"No person '{personId}'.");
        }

        var response = ToResponse(profile, Today(time)) with { MergedFrom = MergedIds.MergedFrom(profile, personId) };
        return Results.Ok(await facts.AddToAsync(response, workspace, profile.PersonId, context.RequestAborted));
    }

    private static async Task<IResult> TagHistoryAsync(string personId, int? limit, HttpContext context, IProfileReader profiles, IProfileFactsStore store)
    {
        if (limit is < 1 or > 1_000)
        {
            return ProblemResults.Field("limit", "must be between 1 and 1000");
        }

        if (await MergedIds.ProfileAsync(context, profiles, personId) is not { } profile)
        {
            return ProblemResults.NotFound($"No person '{personId}'.");
        }

        var history = await store.GetTagHistoryAsync(context.User.Workspace(), profile.PersonId, limit ?? 100, context.RequestAborted);
        return Results.Ok(history.Select(h => new TagChangeResponse(
            h.Tag, WireNames.Of(h.Kind), h.OldValue, h.NewValue, h.At, h.Position, h.Reason)).ToArray());
    }

    private static async Task<IResult> EventsAsync(string personId, int? limit, string? cursor, HttpContext context, IProfileReader profiles)
    {
        if (Paging.Read<TimelineCursor>(limit, cursor, TimelineCursor.TryParse, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (await MergedIds.ProfileAsync(context, profiles, personId) is not { } profile)
        {
            return ProblemResults.NotFound($"No person '{personId}'.");
        }

        var page = await profiles.GetTimelineAsync(context.User.Workspace(), profile.PersonId, after, pageSize, cancellationToken: context.RequestAborted);
        return Results.Ok(new TimelineResponse(
            page.Events.Select(e => new EventResponse(
                e.Position, e.MessageId, e.Type.ToWire(), e.Event, e.SourceId.Value, e.UserId, e.AnonymousId,
                e.Timestamp, e.ReceivedAt, e.Properties, e.Traits, e.Context)).ToArray(),
            page.Next?.ToString()));
    }

    /// <summary>Today in the workspace's time zone: the day ages and birthdays are counted on.</summary>
    internal static DateOnly Today(TimeProvider time) => WorkspaceTime.Day(time.GetUtcNow());

    /// <summary>What the <c>birthday</c> trait tells as of <paramref name="today"/>; null without a usable birthday.</summary>
    internal static BirthdayFacts? Birthday(ProfileView profile, DateOnly today) =>
        profile.Traits.TryGetValue("birthday", out var birthday) && birthday.ValueKind == JsonValueKind.String
            ? BirthdayFacts.From(birthday.GetString(), today)
            : null;

    private static DerivedResponse? Derived(ProfileView profile, DateOnly today) =>
        Birthday(profile, today) is { } facts
            ? new DerivedResponse(facts.Age, facts.BirthdayMonth, facts.Zodiac.Key(), facts.Zodiac.Chinese())
            : null;

    internal static ProfileResponse ToResponse(ProfileView profile, DateOnly today) =>
        new(profile.PersonId.Value,
            profile.Traits,
            profile.Identifiers.Select(l => new IdentifierResponse(l.Identifier.Type, l.Identifier.Value, l.FirstSeen)).ToArray(),
            profile.FirstSeen,
            profile.LastSeen,
            profile.EventCount,
            profile.MergeCount,
            profile.Quarantine is { } q ? new QuarantineResponse(q.Reason, q.Position, q.At) : null,
            profile.TraitProvenance.ToDictionary(
                t => t.Key, t => new TraitProvenanceResponse(t.Value.UpdatedAt, t.Value.Source?.Value, t.Value.MessageId, t.Value.Position >= 0 ? t.Value.Position : null)),
            Derived(profile, today));
}
