using Helix.Core.Pipeline;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine inside an Orleans silo. The caller provides the opened <paramref name="log"/> and an
    /// <see cref="IPipelineStore"/> registration; clustering is configured by <paramref name="configureSilo"/>.
    /// </summary>
    public static IHostApplicationBuilder AddHelixEngine(
        this IHostApplicationBuilder builder,
        EventLog.EventLog log,
        PipelineOptions options,
        Action<ISiloBuilder> configureSilo)
    {
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<CollectWriter>();
        builder.Services.AddSingleton(sp => new EventPipeline(
            log, sp.GetRequiredService<IPipelineStore>(), options, sp.GetRequiredService<ILogger<EventPipeline>>()));
        builder.Services.AddSingleton<PipelineRunner>();
        builder.UseOrleans(silo =>
        {
            configureSilo(silo);
            silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IPipelineGrain>(0).StartAsync());
        });
        builder.Services.AddHostedService<EngineShutdown>();
        return builder;
    }
}
