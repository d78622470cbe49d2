using System.Text.Json;
using Helix.Core.Identity;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Helix.Server.Identity;

/// <summary>Reads an identity rules spec from a request body in JSON or YAML, and writes one as YAML.</summary>
internal static class RulesDocument
{
    public const int MaxBytes = 1 << 20;

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    private static readonly ISerializer YamlWriter = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public static bool IsYaml(string? contentType) =>
        contentType is not null && (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));

    /// <returns>The spec, or the reason the body is not one (with line and column for YAML).</returns>
    public static async Task<(IdentityRulesSpec? Spec, string? Error)> ReadAsync(HttpRequest request)
    {
        if (await RequestText.ReadAsync(request, MaxBytes) is not { } text)
        {
            return (null, $"is larger than {MaxBytes / 1024} KB");
        }

        try
        {
            return IsYaml(request.ContentType)
                ? (Yaml.Deserialize<IdentityRulesSpec?>(text) ?? new IdentityRulesSpec(), null)
                : (IdentityRulesSpec.FromJson(text), null);
        }
        catch (YamlException e)
        {
            return (null, $"is not a rules document: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (JsonException e)
        {
            return (null, $"is not a rules document: {e.Message}");
        }
    }

    public static string ToYaml(IdentityRulesSpec spec) => YamlWriter.Serialize(spec);
}
