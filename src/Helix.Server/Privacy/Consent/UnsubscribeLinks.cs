using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Server.Privacy.Consent;

/// <summary>Signs and checks unsubscribe links with the data directory's unsubscribe key (keys/unsubscribe.key).</summary>
public sealed class UnsubscribeLinks(byte[] key, TimeProvider time)
{
    public const string PathPrefix = "/unsubscribe/";

    public (string Path, DateTimeOffset ExpiresAt) Create(WorkspaceId workspace, PersonId person, ConsentTopic topic)
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        return (PathPrefix + new UnsubscribeToken(workspace, person, topic, issued).Sign(key), issued + UnsubscribeToken.Lifetime);
    }

    public UnsubscribeToken? Verify(string token) => UnsubscribeToken.Verify(token, key, time.GetUtcNow());
}
