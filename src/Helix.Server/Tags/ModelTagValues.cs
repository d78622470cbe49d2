using Helix.Core;
using Helix.Core.Models;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Server.Models;

namespace Helix.Server.Tags;

/// <summary>
/// Every person's value of one model tag as of an instant, from the stored events and the workspace's
/// <see cref="ModelSettings"/>. CLV and churn share one BG/NBD and Gamma-Gamma fit per run.
/// </summary>
internal sealed class ModelTagValues(WorkspaceId workspace, ModelSettings settings, DateTimeOffset asOf, IOrderSummaries orders)
{
    private (ClvAnalysisResult<PersonId>? Result, string? Unfit)? _clv;

    /// <returns>The assignments, or why the model assigns none (it cannot be fitted, or is not a tag model).</returns>
    public async Task<(IReadOnlyList<ModelTagAssignment>? Values, string? Skipped)> ComputeAsync(TagModel model, CancellationToken cancellationToken) => model switch
    {
        TagModel.Rfm => (await RfmAsync(cancellationToken), null),
        TagModel.Lifecycle => (await LifecycleAsync(cancellationToken), null),
        TagModel.Aipl => (await AiplAsync(cancellationToken), null),
        TagModel.Clv or TagModel.Churn => await FromClvAsync(model, cancellationToken),
        _ => (null, $"model '{WireNames.Of(model)}' assigns no tags"),
    };

    private async Task<IReadOnlyList<ModelTagAssignment>> RfmAsync(CancellationToken cancellationToken)
    {
        var summaries = await orders.OrderSummariesAsync(workspace, settings.OrderEvent, settings.RefundEvent, settings.Revenue, asOf, cancellationToken);
        if (summaries.Count == 0)
        {
            return [];
        }

        var result = RfmAnalysis.Run([.. summaries.Select(s => RfmObservation.Of(s, asOf))], new RfmOptions(settings.RfmBins));
        return [.. summaries.Select((s, i) => new ModelTagAssignment(s.Person, RfmApi.Wire(result.Customers[i].Group)))];
    }

    private async Task<IReadOnlyList<ModelTagAssignment>> LifecycleAsync(CancellationToken cancellationToken)
    {
        var persons = await orders.ActivityAsync(workspace, settings.OrderEvent, asOf, cancellationToken);
        return [.. persons.Select(p => new ModelTagAssignment(p.Person, LifecycleApi.Wire(Lifecycle.Stage(p.FirstSeen, p.LastOrder, asOf, settings.Lifecycle))))];
    }

    private async Task<IReadOnlyList<ModelTagAssignment>> AiplAsync(CancellationToken cancellationToken)
    {
        var since = asOf.AddDays(-settings.Aipl.WindowDays);
        var persons = await orders.EngagementAsync(workspace, settings.OrderEvent, settings.Aipl.InterestEvents, since, asOf, cancellationToken);
        return [.. persons
            .Select(p => (p.Person, Stage: Aipl.Stage(p.Engagement, settings.Aipl)))
            .Where(p => p.Stage is not null)
            .Select(p => new ModelTagAssignment(p.Person, WireNames.Of(p.Stage!.Value)))];
    }

    private async Task<(IReadOnlyList<ModelTagAssignment>?, string?)> FromClvAsync(TagModel model, CancellationToken cancellationToken)
    {
        if (_clv is null)
        {
            var stored = await orders.OrdersAsync(workspace, settings.OrderEvent, settings.Revenue, asOf, cancellationToken);
            // Maximum likelihood is CPU work: off the caller's thread.
            _clv = await Task.Run(() => ClvAnalysis.FromOrders(stored, asOf), cancellationToken);
        }

        if (_clv.Value.Result is not { } analysis)
        {
            return (null, _clv.Value.Unfit);
        }

        if (model == TagModel.Clv)
        {
            var tiers = ModelTiers.ClvTiers([.. analysis.Buyers.Select(b => b.Clv)], settings.Clv);
            return ([.. analysis.Buyers.Select((b, i) => new ModelTagAssignment(b.Person, tiers[i]))], null);
        }

        return ([.. analysis.Buyers.Select(b => new ModelTagAssignment(b.Person, ModelTiers.ChurnRisk(
            b.Summary.History.Frequency, b.ProbabilityAlive, DaysSinceLastOrder(b.Summary.History), settings.Churn, settings.Lifecycle)))], null);
    }

    /// <summary>The summary counts in weeks from the first purchase: age T minus recency t_x, in days.</summary>
    private static int DaysSinceLastOrder(PurchaseHistory history) => (int)Math.Floor((history.Age - history.Recency) * 7);
}
