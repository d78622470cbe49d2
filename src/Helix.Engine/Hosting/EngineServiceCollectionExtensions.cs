using Helix.Core.Pipeline;
using Helix.Engine.Ingestion;
using Helix.Engine.Matching;
using Helix.Engine.Pipeline;
using Helix.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine inside an Orleans silo. The caller provides an <see cref="IPipelineStore"/> registration;
    /// clustering is configured by <paramref name="configureSilo"/>. The log is opened (and recovered, with
    /// its warnings in the host's log) when the host starts, and closed when the container is disposed.
    /// </summary>
    public static IHostApplicationBuilder AddHelixEngine(
        this IHostApplicationBuilder builder,
        EventLogOptions logOptions,
        PipelineOptions options,
        Action<ISiloBuilder> configureSilo)
    {
        builder.Services.AddSingleton(sp => EventLog.EventLog.Open(logOptions, sp.GetRequiredService<ILogger<EventLog.EventLog>>()));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<CollectWriter>();
        builder.Services.AddSingleton(sp => new IdentitySimulator(sp.GetRequiredService<EventLog.EventLog>(), options));
        builder.Services.AddSingleton(sp => new EventPipeline(
            sp.GetRequiredService<EventLog.EventLog>(), sp.GetRequiredService<IPipelineStore>(), options, sp.GetRequiredService<ILogger<EventPipeline>>()));
        builder.Services.AddSingleton<PipelineRunner>();
        builder.Services.AddSingleton<PersonMatchingJob>();
        builder.UseOrleans(silo =>
        {
            configureSilo(silo);
            silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IPipelineGrain>(0).StartAsync());
        });
        builder.Services.AddHostedService<EngineShutdown>();
        return builder;
    }
}
