namespace Helix.Storage.DuckDb.Audiences;

/// <summary>
/// A condition the SQL compiler cannot run: it reads a computed trait the workspace does not define, or uses a form
/// SQL does not evaluate. <see cref="Field"/> names what is wrong (<c>computed("orders_90d")</c>) for a 400 response.
/// </summary>
public sealed class AudienceCompileException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
