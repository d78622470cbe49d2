using Helix.Core.Journeys.Delivery;
using Microsoft.AspNetCore.DataProtection;

namespace Helix.Server.Journeys.Connectors;

/// <summary>Registers the connections (sealed secrets) and every connector, for the journey dispatcher to resolve.</summary>
public static class JourneyConnectorServices
{
    public const string KeyDirectoryName = "data-protection";

    /// <param name="keyDirectory">Where Data Protection keeps its key ring (the data directory's <c>keys/data-protection/</c>): back it up with the store, or sealed secrets cannot be opened.</param>
    /// <remarks>Resolves <see cref="IConnectionStore"/> and <see cref="TimeProvider"/> from the container; the composition root registers them.</remarks>
    public static IServiceCollection AddJourneyConnectors(this IServiceCollection services, string keyDirectory)
    {
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(keyDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection().SetApplicationName("helix").PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
        services.AddHttpClient(ConnectorHttp.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => new ConnectionRateLimits(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<JourneyConnections>();
        services.AddSingleton<IJourneyConnections>(sp => sp.GetRequiredService<JourneyConnections>());
        services.AddSingleton<IJourneyConnector, WebhookConnector>();
        services.AddSingleton<IJourneyConnector, EmailConnector>();
        services.AddSingleton<IJourneyConnector>(sp => new GatewayConnector("sms", "phone", sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ConnectionRateLimits>()));
        services.AddSingleton<IJourneyConnector>(sp => new GatewayConnector("push", "user_id", sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ConnectionRateLimits>()));
        services.AddSingleton<WeChatTokens>();
        services.AddSingleton<WeChatApi>();
        services.AddSingleton<IJourneyConnector, WeComConnector>();
        foreach (var wechat in new[] { "wechat_template", "wechat_subscribe" })
        {
            services.AddSingleton<IJourneyConnector>(sp => new WeChatConnector(wechat, sp.GetRequiredService<WeChatApi>(), sp.GetRequiredService<ConnectionRateLimits>()));
        }

        return services;
    }
}
