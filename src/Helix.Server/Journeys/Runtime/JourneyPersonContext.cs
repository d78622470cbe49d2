using Helix.Core.Audiences;
using Helix.Core.Commerce;
using Helix.Core.Journeys;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Server.Journeys.Runtime;

/// <summary>
/// A stored person as a journey's condition step sees them: the condition is evaluated by the store's audience SQL for
/// that one person at the step's time. The machine asks synchronously; the runtime's round runs on its own thread.
/// </summary>
public sealed class JourneyPersonContext(IAudienceQueries audiences, WorkspaceId workspace, PersonId person, ProfileDefinitions definitions) : IJourneyContext
{
    /// <summary>Quiet hours and times of day are read in Asia/Shanghai, the default workspace zone.</summary>
    public TimeZoneInfo Zone => OrderImportOptions.DefaultTimeZone;

    public bool Holds(Condition condition, DateTimeOffset at)
    {
        try
        {
            return audiences.AudienceHoldsAsync(workspace, person, condition, definitions, at).GetAwaiter().GetResult();
        }
        catch (AudienceQueryException)
        {
            // What the condition reads was deleted since the journey was saved: it holds for nobody.
            return false;
        }
    }
}
