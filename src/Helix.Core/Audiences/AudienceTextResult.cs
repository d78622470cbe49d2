using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>The condition a text form describes, or the first syntax error in it: exactly one of the two is set.</summary>
public sealed record AudienceTextResult(Condition? Condition, AudienceSyntaxError? Error);
