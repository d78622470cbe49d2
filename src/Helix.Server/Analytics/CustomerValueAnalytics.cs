using Helix.Core.Analytics;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Audiences;
using Helix.Core.Models;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Server.Models;
using Helix.Server.Tags;

namespace Helix.Server.Analytics;

/// <summary>
/// RFM matrix and movement, lifecycle flow and CLV summary in the analytics group (docs/analytics-models.md): the
/// models' own computations over the whole workspace, counted over the segment's persons. The numbers are pure Core
/// (<see cref="RfmMatrix"/>, <see cref="LifecycleFlow"/>, <see cref="ClvSummary"/>); this file only reads and maps.
/// </summary>
public static class CustomerValueAnalytics
{
    private const string NotSeen = "not_seen";
    private const string NotABuyer = "none";

    public static RouteGroupBuilder MapCustomerValueAnalytics(this RouteGroupBuilder group)
    {
        group.MapPost("/rfm", RfmAsync)
            .WithSummary("The R × F matrix and the 8 RFM groups of the segment's buyers at asOf, and with compareTo the movement between groups")
            .Produces<RfmResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/lifecycle", LifecycleAsync)
            .WithSummary("Lifecycle stage counts at each boundary of a day, week or month series and the flows between them, as Sankey nodes and links")
            .Produces<LifecycleResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/clv", ClvAsync)
            .WithSummary("Predicted 12-month CLV of the segment's buyers: total, mean, deciles, tiers, top 10 % and 20 % shares, expected active share, fit")
            .Produces<ClvResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public sealed record CellResponse(int R, int F, int Persons, double Revenue, double? MeanMonetary);

    public sealed record GroupResponse(string Group, int Persons, double Revenue, double? Share, double? RevenueShare);

    public sealed record MovementResponse(DateTimeOffset CompareTo, IReadOnlyList<string> From, IReadOnlyList<string> To, IReadOnlyList<IReadOnlyList<int>> Persons);

    public sealed record ReferenceResponse(double R, double F, double M);

    public sealed record RfmResponse(
        DateTimeOffset AsOf, string Event, string Refund, string Revenue, int Bins, int Buyers, double RevenueTotal, RfmApi.CutPointsResponse CutPoints,
        ReferenceResponse Reference, IReadOnlyList<CellResponse> Matrix, IReadOnlyList<GroupResponse> Groups, MovementResponse? Movement);

    public sealed record NodeResponse(int Step, string Stage, int Persons);

    public sealed record LinkResponse(int Step, string From, string To, int Persons);

    public sealed record LifecycleResponse(
        string Event, int NewWindowDays, int AtRiskAfterDays, int ChurnedAfterDays, int Persons,
        IReadOnlyList<DateTimeOffset> Boundaries, IReadOnlyList<NodeResponse> Nodes, IReadOnlyList<LinkResponse> Links);

    public sealed record ClvResponse(
        DateTimeOffset AsOf, string Event, string Revenue, int HorizonMonths, int WorkspaceBuyers, ClvSummaryResult Summary,
        ClvApi.BgNbdResponse BgNbd, ClvApi.GammaGammaResponse GammaGamma);

    private static Task<IResult> RfmAsync(HttpContext context, DefinitionsSubmission submission, IOrderSummaries orders, IAudienceQueries audiences, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return AnalyticsApi.RunAsync(context, submission, body => AnalyticsSpec.ParseRfm(body, now), q => q.Segment, async (workspace, query, definitions) =>
        {
            var cancel = context.RequestAborted;
            var counted = await CountedAsync(audiences, workspace, query.Segment, definitions, now, cancel);
            var buyers = await orders.OrderSummariesAsync(workspace, query.Event, query.Refund, query.Revenue, query.AsOf, cancel);
            var earlier = query.CompareTo is { } compareTo
                ? await orders.OrderSummariesAsync(workspace, query.Event, query.Refund, query.Revenue, compareTo, cancel)
                : null;
            var result = RfmMatrix.Build(buyers, query.AsOf, query.Bins, counted, earlier, query.CompareTo ?? default);
            var (cuts, reference) = (result.CutPoints, result.Reference);
            return new RfmResponse(
                query.AsOf, query.Event, query.Refund, query.Revenue, query.Bins, result.Buyers, result.Revenue,
                new RfmApi.CutPointsResponse(cuts.RecencyDays, cuts.Frequency, cuts.Monetary), new ReferenceResponse(reference.R, reference.F, reference.M),
                [.. result.Cells.Select(c => new CellResponse(c.R, c.F, c.Persons, c.Revenue, c.MeanMonetary))],
                [.. result.Groups.Select(g => new GroupResponse(RfmApi.Wire(g.Group), g.Persons, g.Revenue, g.Share, g.RevenueShare))],
                result.Movement is { } movement
                    ? new MovementResponse(query.CompareTo!.Value, [.. movement.From.Select(g => g is { } group ? RfmApi.Wire(group) : NotABuyer)],
                        [.. movement.To.Select(RfmApi.Wire)], movement.Persons)
                    : null);
        });
    }

    private static Task<IResult> LifecycleAsync(HttpContext context, DefinitionsSubmission submission, IOrderSummaries orders, IAudienceQueries audiences, TimeProvider time) =>
        AnalyticsApi.RunAsync(context, submission, AnalyticsSpec.ParseLifecycle, q => q.Segment, async (workspace, query, definitions) =>
        {
            var cancel = context.RequestAborted;
            var boundaries = LifecycleFlow.Boundaries(query.Range);
            var counted = await CountedAsync(audiences, workspace, query.Segment, definitions, time.GetUtcNow(), cancel);
            var persons = await orders.ActivityAsync(workspace, query.Event, boundaries[^1], cancel);
            var stored = await orders.OrdersAsync(workspace, query.Event, ModelSettings.Default.Revenue, boundaries[^1], cancel);
            var result = LifecycleFlow.Build([.. persons.Where(p => counted?.Invoke(p.Person) ?? true)], stored, boundaries, query.Thresholds);
            var t = query.Thresholds;
            return new LifecycleResponse(
                query.Event, t.NewWindowDays, t.AtRiskAfterDays, t.ChurnedAfterDays, result.Persons, result.Boundaries,
                [.. result.Nodes.Select(n => new NodeResponse(n.Step, Stage(n.Stage), n.Persons))],
                [.. result.Links.Select(l => new LinkResponse(l.Step, Stage(l.From), Stage(l.To), l.Persons))]);
        });

    private static Task<IResult> ClvAsync(HttpContext context, DefinitionsSubmission submission, IOrderSummaries orders, IAudienceQueries audiences, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return AnalyticsApi.RunAsync<ClvSummaryQuery, object>(context, submission, body => AnalyticsSpec.ParseClv(body, now), q => q.Segment, async (workspace, query, definitions) =>
        {
            var cancel = context.RequestAborted;
            var counted = await CountedAsync(audiences, workspace, query.Segment, definitions, now, cancel);
            var stored = await orders.OrdersAsync(workspace, query.Event, query.Revenue, query.AsOf, cancel);
            // The same fit as GET /api/v1/models/clv and the clv tag, on every buyer; maximum likelihood is CPU work, off the request thread.
            var (analysis, unfit) = await Task.Run(() => ClvAnalysis.FromOrders(stored, query.AsOf), cancel);
            if (analysis is null)
            {
                return Results.Problem(title: "Not enough data to fit", detail: unfit, statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            var (bgNbd, gammaGamma) = ClvApi.Parameters(analysis);
            return new ClvResponse(query.AsOf, query.Event, query.Revenue, ClvOptions.TwelveMonthsOnWeeks.Periods, analysis.Buyers.Count,
                ClvSummary.Build(analysis, definitions.Models.Clv, counted), bgNbd, gammaGamma);
        });
    }

    /// <summary>Who the segment keeps, as it holds now (as in every analytics query); null without a segment.</summary>
    private static async Task<Func<PersonId, bool>?> CountedAsync(
        IAudienceQueries audiences, WorkspaceId workspace, Condition? segment, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (segment is null)
        {
            return null;
        }

        try
        {
            var members = (await audiences.ConditionMembersAsync(workspace, segment, definitions, now, cancellationToken)).ToHashSet();
            return members.Contains;
        }
        catch (AudienceQueryException e)
        {
            // The audience store names its own field; here the condition is the query's segment.
            throw new AudienceQueryException("segment", e.Message);
        }
    }

    private static string Stage(LifecycleStage? stage) => stage is { } s ? LifecycleApi.Wire(s) : NotSeen;
}
