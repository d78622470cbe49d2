using Helix.Core;
using Helix.Core.Models;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Models;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// Model tags refreshed on demand: each model tag of the catalog gets every person's current model output
/// (RFM group, lifecycle stage) as one model-run record in the log, replacing the previous run's values.
/// </summary>
public static class ModelTagsApi
{
    public static IEndpointRouteBuilder MapModelTagsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tags/models/refresh", RefreshAsync).WithTags("Tags").RequireAuthorization()
            .WithSummary("Recomputes every model tag (rfm, lifecycle) over the stored orders and applies the values; ?event=Order Completed&refund=Order Refunded&revenue=revenue")
            .Produces<RefreshResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public sealed record ModelRunResponse(string Tag, string Model, string? RecordId, int Persons, bool Applied, string? Skipped);

    public sealed record RefreshResponse(DateTimeOffset AsOf, IReadOnlyList<ModelRunResponse> Runs);

    private static async Task<IResult> RefreshAsync(
        string? @event, string? refund, string? revenue, HttpContext context, DefinitionsSubmission submission, IOrderSummaries orders, TimeProvider time)
    {
        var (query, problem) = OrderQuery.Parse(@event, revenue, null, null, time);
        if (query is null)
        {
            return problem!;
        }

        if (refund is { Length: 0 or > 200 })
        {
            return ProblemResults.Field("refund", "is an event name of 1 to 200 characters");
        }

        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        var runs = new List<ModelRunResponse>();
        foreach (var tag in definitions.Catalog.Tags.Where(t => t.Kind == TagKind.Model))
        {
            var values = tag.Model switch
            {
                TagModel.Rfm => await RfmAsync(workspace, query, refund ?? "Order Refunded", orders, context.RequestAborted),
                TagModel.Lifecycle => await LifecycleAsync(workspace, query, orders, context.RequestAborted),
                _ => null,
            };
            var model = tag.Model is { } m ? WireNames.Of(m) : "";
            if (values is null)
            {
                runs.Add(new ModelRunResponse(tag.Name, model, null, 0, false, "this model does not assign tags yet"));
                continue;
            }

            var record = new FactRecord(OperationSubmission.NewId("model_"), workspace, FactRecordKind.ModelTags, OperationSubmission.RequestedBy(context), time.GetUtcNow())
            {
                Tag = tag.Name,
                Replace = true,
                Assignments = values,
            };
            var applied = await submission.SubmitAsync(record, context.RequestAborted);
            runs.Add(new ModelRunResponse(tag.Name, model, record.Id, values.Count, applied, null));
        }

        return Results.Ok(new RefreshResponse(query.AsOf, runs));
    }

    private static async Task<IReadOnlyList<ModelTagAssignment>> RfmAsync(
        Core.Workspaces.WorkspaceId workspace, OrderQuery query, string refund, IOrderSummaries orders, CancellationToken cancellationToken)
    {
        var summaries = await orders.OrderSummariesAsync(workspace, query.Event, refund, query.Revenue, query.AsOf, cancellationToken);
        if (summaries.Count == 0)
        {
            return [];
        }

        var result = RfmAnalysis.Run([.. summaries.Select(s => RfmObservation.Of(s, query.AsOf))], new RfmOptions(5));
        return [.. summaries.Select((s, i) => new ModelTagAssignment(s.Person, RfmApi.Wire(result.Customers[i].Group)))];
    }

    private static async Task<IReadOnlyList<ModelTagAssignment>> LifecycleAsync(
        Core.Workspaces.WorkspaceId workspace, OrderQuery query, IOrderSummaries orders, CancellationToken cancellationToken)
    {
        var persons = await orders.ActivityAsync(workspace, query.Event, query.AsOf, cancellationToken);
        var thresholds = new LifecycleThresholds();
        return [.. persons.Select(p => new ModelTagAssignment(p.Person, LifecycleApi.Wire(Lifecycle.Stage(p.FirstSeen, p.LastOrder, query.AsOf, thresholds))))];
    }
}
