using System.Globalization;
using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Profiles;

namespace Helix.Server.Guide;

/// <summary>
/// The store guide's view (导购): one member's card at the counter, found by phone, member id or any other
/// identifier of the caller's workspace, with personal data masked.
/// </summary>
public static class GuideApi
{
    public static IEndpointRouteBuilder MapGuideApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/guide").WithTags("Guide").RequirePermission(Permission.GuideRead)
            .MapGet("/members/{identifier}", GetMemberAsync)
            .WithSummary("A member's card for the store counter: ?type=phone|member_id|user_id|… names the identifier's type; name, phone, e-mail and address masked; tier, age, birthday (month-day), zodiac, tags by category, key computed traits and the last ?purchases=5 (1–20) orders")
            .Produces<MemberCardResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A member as a store guide may see them: no raw name, phone, e-mail or address.</summary>
    /// <param name="Name">Masked: 张*, 欧阳**, A**** S****.</param>
    /// <param name="Phone">Masked: 138****5678.</param>
    /// <param name="Email">Masked: a***@x.com.</param>
    /// <param name="Address">Masked after the district: 上海市浦东新区****.</param>
    /// <param name="Birthday">Month and day only, <c>MM-dd</c>.</param>
    /// <param name="Zodiac">The sign's API name (<c>aries</c>); <paramref name="ZodiacName"/> is its Chinese name (白羊座).</param>
    /// <param name="Tags">The held tags of the configured categories, in their order; categories without a held tag are left out.</param>
    /// <param name="ComputedTraits">The configured computed traits the member has a value of.</param>
    /// <param name="Purchases">The latest orders, newest first.</param>
    public sealed record MemberCardResponse(
        string PersonId,
        string? Name,
        string? Phone,
        string? Email,
        string? Address,
        string? Gender,
        string? Tier,
        int? Age,
        string? Birthday,
        string? Zodiac,
        string? ZodiacName,
        JsonElement? Points,
        string? Store,
        string? Guide,
        IReadOnlyList<TagGroupResponse> Tags,
        IReadOnlyDictionary<string, JsonElement> ComputedTraits,
        IReadOnlyList<PurchaseResponse> Purchases);

    public sealed record TagGroupResponse(string Category, string? Description, IReadOnlyList<CardTagResponse> Tags);

    /// <param name="Value">A value tag's bucket; null for plain membership.</param>
    public sealed record CardTagResponse(string Name, string? Description, string? Value, DateTimeOffset Since);

    /// <param name="Channel">The shop the order went through (the order's <c>affiliation</c>).</param>
    /// <param name="SourceId">The Helix source that sent the order.</param>
    public sealed record PurchaseResponse(
        DateTimeOffset At, string? OrderId, decimal? Total, string? Currency, IReadOnlyList<PurchasedProductResponse> Products, string? Store, string? Channel, string SourceId);

    public sealed record PurchasedProductResponse(string? Name, string? Category, decimal? Quantity);

    private static async Task<IResult> GetMemberAsync(
        string identifier, string? type, string? purchases, HttpContext context,
        IProfileReader profiles, IIdentityJournal journal, ProfileFacts facts, HelixServerOptions server, TimeProvider time)
    {
        var options = server.Guide;
        var count = Math.Clamp(options.DefaultPurchases, 1, GuideOptions.MaxPurchases);
        if (purchases is not null
            && (!int.TryParse(purchases, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > GuideOptions.MaxPurchases))
        {
            return ProblemResults.Field("purchases", $"must be a whole number from 1 to {GuideOptions.MaxPurchases}");
        }

        var workspace = context.User.Workspace();
        var (profile, problem) = await ProfileLookup.FindAsync(type, identifier, "identifier", workspace, profiles, journal, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        // A store-scoped key gets the same 404 for a member of another store as for nobody: it cannot probe
        // which members exist elsewhere.
        if (profile is null || (context.User.StoreScope() is { } store && GuideCard.BoundStore(profile, options) != store))
        {
            // The value is not echoed: a 404 body ends up in logs the card itself would have masked.
            return ProblemResults.NotFound($"No member has this {type}.");
        }

        var current = await facts.ReadAsync(workspace, profile.PersonId, context.RequestAborted);
        var orders = await profiles.GetTimelineAsync(workspace, profile.PersonId, null, count, options.OrderEvent, context.RequestAborted);
        return Results.Ok(GuideCard.From(profile, current, orders.Events, options, ProfilesApi.Today(time)));
    }
}
