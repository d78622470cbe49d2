namespace Helix.Core.Access;

/// <summary>
/// What an API key may do. Roles are named sets of these; every management endpoint requires exactly one.
/// The names are the wire form (<c>profiles:read</c>) used in custom roles and problem details.
/// </summary>
public static class Permission
{
    /// <summary>Read profiles, timelines, identities and the identity graph, with personal data masked.</summary>
    public const string ProfilesRead = "profiles:read";

    /// <summary>See personal data unmasked (profiles, exports, webhooks). Reads with it are audited.</summary>
    public const string PiiRead = "pii:read";

    /// <summary>The store guide's member card, limited to members bound to the key's store when it has one.</summary>
    public const string GuideRead = "guide:read";

    /// <summary>Complete the store guide's tasks (导购任务), limited to the key's store when it has one; listing them needs <see cref="GuideRead"/>.</summary>
    public const string GuideTasks = "guide:tasks";

    /// <summary>Read tags, computed traits, definitions, segments, journeys, models and their runs.</summary>
    public const string DefinitionsRead = "definitions:read";

    /// <summary>Change tags, computed traits, profile definitions and model settings; run models.</summary>
    public const string DefinitionsWrite = "definitions:write";

    /// <summary>Create, change and recompute segments; estimates and lookalikes.</summary>
    public const string SegmentsWrite = "segments:write";

    /// <summary>Create and change journeys, move them between draft, live, paused and archived, and test them on a person.</summary>
    public const string JourneysWrite = "journeys:write";

    /// <summary>Export a segment's members (CSV, seed files, webhooks).</summary>
    public const string ExportsRun = "exports:run";

    /// <summary>Analytical reads: RFM, CLV, lifecycle and estimates over the workspace.</summary>
    public const string AnalyticsRead = "analytics:read";

    /// <summary>Identity rules, operations (merge, detach), matching reviews, quarantine.</summary>
    public const string IdentityWrite = "identity:write";

    /// <summary>Sources and their write keys.</summary>
    public const string SourcesManage = "sources:manage";

    /// <summary>Consents, data subject requests and retention policies.</summary>
    public const string PrivacyManage = "privacy:manage";

    /// <summary>Users, API keys and roles.</summary>
    public const string AccessManage = "access:manage";

    /// <summary>Read the audit log.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>List the workspace's journey connections (SMTP servers, SMS gateways, WeChat accounts): settings and secret names, never secrets.</summary>
    public const string ConnectionsRead = "connections:read";

    /// <summary>Create, change and delete journey connections, including their secrets.</summary>
    public const string ConnectionsWrite = "connections:write";

    /// <summary>Pipeline status and operations.</summary>
    public const string OperationsRead = "operations:read";

    public static readonly IReadOnlyList<string> All =
    [
        ProfilesRead, PiiRead, GuideRead, GuideTasks, DefinitionsRead, DefinitionsWrite, SegmentsWrite, JourneysWrite, ExportsRun, AnalyticsRead,
        IdentityWrite, SourcesManage, PrivacyManage, AccessManage, AuditRead, ConnectionsRead, ConnectionsWrite, OperationsRead,
    ];

    public static bool IsKnown(string permission) => All.Contains(permission, StringComparer.Ordinal);
}
