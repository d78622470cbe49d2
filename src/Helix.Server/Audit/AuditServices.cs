using Helix.Core.Audit;
using Helix.Engine.Hosting;

namespace Helix.Server.Audit;

internal static class AuditServices
{
    /// <summary>
    /// The chain's key (keys/audit.key of the data directory), the recorder and the background writer. The writer is
    /// a hosted service registered before the web server starts, so the host stops it after the server has drained
    /// its requests, and it writes what they queued before the store closes.
    /// </summary>
    public static IServiceCollection AddHelixAudit(this IServiceCollection services, string dataDirectory)
    {
        var key = DataDirectoryKeys.AuditKey(dataDirectory);
        services.AddSingleton(new AuditChain(key));
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton(sp => new AuditRecorder(sp.GetRequiredService<AuditWriter>(), sp.GetRequiredService<TimeProvider>(), key));
        return services;
    }
}
