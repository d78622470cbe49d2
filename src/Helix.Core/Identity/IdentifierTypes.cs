namespace Helix.Core.Identity;

/// <summary>The identifier types every message may carry; the rest are defined in <see cref="IdentityRules"/>.</summary>
public static class IdentifierTypes
{
    public const string UserId = "user_id";
    public const string AnonymousId = "anonymous_id";
}
