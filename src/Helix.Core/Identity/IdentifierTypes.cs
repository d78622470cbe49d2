namespace Helix.Core.Identity;

/// <summary>The identifier types the foundation resolves; the One ID issue adds the configurable rest.</summary>
public static class IdentifierTypes
{
    public const string UserId = "user_id";
    public const string AnonymousId = "anonymous_id";

    public static bool IsSupported(string type) => type is UserId or AnonymousId;
}
