using System.Net;
using System.Net.Sockets;
using Helix.Core.Access;
using Helix.Core.Audit;
using Helix.Core.Privacy.Consent;
using Helix.Core.Guide;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Identity.Operations;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Exports;
using Helix.Core.Audiences.Lookalike;
using Helix.Core.Audiences.Segments;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Models;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Privacy.Retention;
using Helix.Core.Privacy.SubjectAccess;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Engine.Hosting;
using Helix.Engine.Privacy;
using Helix.Engine.Pipeline;
using Helix.Engine.Retention;
using Helix.EventLog;
using Helix.Server.Analytics;
using Helix.Server.Access;
using Helix.Server.Audit;
using Helix.Server.Auth;
using Helix.Server.Collect;
using Helix.Server.Guide;
using Helix.Server.Identity;
using Helix.Server.Journeys;
using Helix.Server.Journeys.Actions;
using Helix.Server.Journeys.Testing;
using Helix.Server.Journeys.Runtime;
using Helix.Server.Journeys.Connectors;
using Helix.Server.Models;
using Helix.Server.Operations;
using Helix.Server.Problems;
using Helix.Server.Privacy;
using Helix.Server.Privacy.Consent;
using Helix.Server.Profiles;
using Helix.Server.Security;
using Helix.Server.Segments;
using Helix.Server.Sources;
using Helix.Server.Tags;
using Helix.Server.Workspaces;
using Helix.Storage.DuckDb;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Helix.Server;

/// <summary>
/// The composition root: the embedded DuckDB store, the event log, the engine in an in-process
/// Orleans silo, and the HTTP APIs. The only place that names concrete stores.
/// </summary>
public static class HelixServer
{
    public const string StoreFileName = "helix.duckdb";
    public const string LogDirectoryName = "log";

    public static WebApplication Build(HelixServerOptions options)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        ConfigureLogging(builder, options);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(20));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(_ => PersonDataKeys.Open(dataDirectory));
        builder.Services.AddSingleton(sp =>
        {
            var store = DuckDbStore.OpenAsync(Path.Combine(dataDirectory, StoreFileName), options.TimeProvider, sp.GetRequiredService<ILogger<DuckDbStore>>())
                .GetAwaiter().GetResult();
            store.UsePii(sp.GetRequiredService<PersonDataKeys>().Vault);
            return store;
        });
        builder.Services.AddSingleton<IWorkspaceStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IPipelineStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IProfileReader>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IIdentityJournal>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IPersonMatchStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IOrderSummaries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IProfileFactsStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<DefinitionsSubmission>();
        builder.Services.AddSingleton<IModelRunStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IJourneyStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddJourneyRuntime();
        builder.Services.AddSingleton<IConnectionStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IGuideTaskStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<GuideTaskCompletions>();
        builder.Services.AddSingleton<IJourneyConnector, GuideTaskConnector>();
        builder.Services.AddJourneyConnectors(Path.Combine(dataDirectory, DataDirectoryKeys.DirectoryName, JourneyConnectorServices.KeyDirectoryName));
        builder.Services.AddSingleton<ISegmentStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<ISegmentRunStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<ILookalikeSource>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IAudienceQueries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<Helix.Core.Analytics.IAnalyticsQueries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<Helix.Core.Analytics.Experiments.IExperimentQueries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<Helix.Core.Analytics.Attribution.IAttributionQueries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<Helix.Core.Analytics.Kpis.IKpiQueries>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IExportSource>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IErasureStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<ISubjectAccessSource>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IRetentionStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<IConsentStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<ConsentWriter>();
        builder.Services.AddSingleton(sp => new UnsubscribeLinks(DataDirectoryKeys.UnsubscribeKey(dataDirectory), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService<RetentionScheduler>();
        builder.Services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddHelixAudit(dataDirectory);
        builder.Services.AddHttpClient(nameof(ExportsApi), client => client.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<SegmentRecompute>();
        builder.Services.AddHostedService<SegmentRefreshScheduler>();
        builder.Services.AddSingleton<ModelRunner>();
        builder.Services.AddHostedService<ModelRefreshScheduler>();
        builder.Services.AddSingleton<ProfileFacts>();
        builder.Services.AddSingleton<WriteKeyAuthenticator>();
        builder.Services.AddHostedService<BootstrapService>();
        builder.Services.AddSingleton<IAccessStore>(sp => sp.GetRequiredService<DuckDbStore>());
        builder.Services.AddSingleton<RoleResolver>();
        builder.Services.AddSingleton(new LastUseBuffer(TimeSpan.FromMinutes(1)));
        builder.Services.AddSingleton<LastUseFlusher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LastUseFlusher>());

        builder.AddHelixEngine(new EventLogOptions(Path.Combine(dataDirectory, LogDirectoryName)), new PipelineOptions { DedupeWindow = options.DedupeWindow, IdentifierDigestKey = DataDirectoryKeys.IdentifierDigestKey(dataDirectory) }, silo =>
        {
            var siloPort = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
            var gatewayPort = options.GatewayPort == 0 ? FreeLoopbackPort() : options.GatewayPort;
            silo.UseLocalhostClustering(siloPort, gatewayPort);
        });

        builder.Services.AddProblemDetails(p => p.CustomizeProblemDetails = SafeProblems.Customize);
        RateLimits.AddHelixRateLimits(builder.Services, options);
        // A request that fails to bind is a 400 problem in every environment, not an exception in Development.
        builder.Services.Configure<RouteHandlerOptions>(r => r.ThrowOnBadRequest = false);
        builder.Services.AddRequestDecompression();
        builder.Services.AddCors(cors => cors.AddPolicy(CollectApi.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("POST")
            .WithHeaders("Authorization", "Content-Type", "Content-Encoding")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddHelixAuthorization();
        builder.Services.AddHealthChecks().AddCheck<PipelineHealthCheck>("pipeline", tags: ["ready"]);
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = SafeProblems.StatusCode });
        app.UseStatusCodePages();
        app.UseRequestDecompression();
        app.UseCors();
        app.UseAuthentication();
        app.UseMiddleware<AuditMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapCollectApi();
        app.MapSourcesApi();
        app.MapProfilesApi();
        app.MapGuideApi();
        app.MapGuideTasksApi();
        app.MapQuarantineApi();
        app.MapIdentityOperationsApi();
        app.MapIdentityRulesApi();
        app.MapMatchingApi();
        app.MapProfileDefinitionsApi();
        app.MapComputedTraitsApi();
        app.MapTagsApi();
        app.MapTagMembersApi();
        app.MapModelTagsApi();
        app.MapSegmentsApi();
        app.MapAudienceQueryApi();
        app.MapLookalikeApi();
        app.MapJourneysApi();
        app.MapJourneyTestApi();
        app.MapJourneyRuntimeApi();
        app.MapJourneySettingsApi();
        app.MapConnectionsApi();
        app.MapExportsApi();
        app.MapRfmApi();
        app.MapClvApi();
        app.MapLifecycleApi();
        app.MapPipelineApi();
        app.MapErasuresApi();
        app.MapSubjectAccessApi();
        app.MapRetentionApi();
        app.MapAuditApi();
        app.MapConsentsApi();
        app.MapUnsubscribeApi();
        app.MapAnalyticsApi();
        app.MapAccessApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json").AddEndpointFilter((context, next) =>
            Equals(context.HttpContext.GetRouteValue("documentName"), "v1") ? next(context) : ValueTask.FromResult<object?>(ProblemResults.NotFound("The OpenAPI document is /openapi/v1.json.")));
        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, HelixServerOptions options)
    {
        builder.Logging.ClearProviders();
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(j => j.UseUtcTimestamp = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; });
        }

        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768+). Port 0 would hand out an ephemeral
    /// port, which any outgoing connection may take between this check and Orleans binding it.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = attempt < 50 ? Random.Shared.Next(20_000, 32_000) : 0;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (SocketException) when (port != 0)
            {
            }
        }
    }
}
