namespace Helix.Core.Access;

/// <summary>A named set of permissions. Built-in roles cannot be changed; custom roles are any subset.</summary>
public sealed record Role(string Name, IReadOnlySet<string> Permissions)
{
    public const string Admin = "admin";
    public const string Marketer = "marketer";
    public const string Analyst = "analyst";
    public const string Guide = "guide";
    public const string ReadOnly = "read-only";

    public bool Allows(string permission) => Permissions.Contains(permission);

    /// <summary>
    /// The five roles every workspace has. A marketer builds tags, segments, journeys and exports but sees personal
    /// data masked; an analyst reads and estimates; a guide sees only the member card and its tasks; read-only reads
    /// what an analyst reads without estimates that scan the workspace.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Role> BuiltIn = new Dictionary<string, Role>(StringComparer.Ordinal)
    {
        [Admin] = new(Admin, Set(Permission.All)),
        [Marketer] = new(Marketer, Set(
            Permission.ProfilesRead, Permission.GuideRead, Permission.DefinitionsRead, Permission.DefinitionsWrite,
            Permission.SegmentsWrite, Permission.JourneysWrite, Permission.ExportsRun, Permission.AnalyticsRead, Permission.ConnectionsRead)),
        [Analyst] = new(Analyst, Set(Permission.ProfilesRead, Permission.DefinitionsRead, Permission.AnalyticsRead)),
        [Guide] = new(Guide, Set(Permission.GuideRead, Permission.GuideTasks)),
        [ReadOnly] = new(ReadOnly, Set(Permission.ProfilesRead, Permission.DefinitionsRead, Permission.OperationsRead)),
    };

    private static HashSet<string> Set(params IEnumerable<string> permissions) => new(permissions, StringComparer.Ordinal);
}
