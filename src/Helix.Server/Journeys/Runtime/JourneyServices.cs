using Helix.Core.Journeys.Delivery;
using Helix.Core.Journeys.Runtime;
using Helix.Server.Journeys.Actions;
using Helix.Storage.DuckDb;

namespace Helix.Server.Journeys.Runtime;

public static class JourneyServices
{
    /// <summary>The journey runtime (rounds and dispatch, both hosted) and the connectors for Helix's own actions.</summary>
    public static IServiceCollection AddJourneyRuntime(this IServiceCollection services)
    {
        services.AddSingleton<IJourneyRuntimeStore>(sp => sp.GetRequiredService<DuckDbStore>());
        services.AddSingleton<IJourneyOutbox>(sp => sp.GetRequiredService<DuckDbStore>());
        services.AddSingleton<IJourneyRecipients>(sp => sp.GetRequiredService<DuckDbStore>());
        services.AddSingleton<JourneyCatalog>();
        services.AddSingleton<JourneySignals>();
        services.AddSingleton<JourneyRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JourneyRunner>());
        services.AddSingleton<JourneyDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<JourneyDispatcher>());
        services.AddSingleton<IJourneyConnector, CouponConnector>();
        services.AddSingleton<IJourneyConnector, SetTraitConnector>();
        services.AddSingleton<IJourneyConnector>(sp => ActivatorUtilities.CreateInstance<SegmentMembershipConnector>(sp, true));
        services.AddSingleton<IJourneyConnector>(sp => ActivatorUtilities.CreateInstance<SegmentMembershipConnector>(sp, false));
        return services;
    }
}
