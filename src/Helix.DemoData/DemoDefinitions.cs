namespace Helix.DemoData;

/// <summary>
/// The demo brand's profile definitions: the computed traits and tags its marketing team uses, written
/// against the event names, properties and traits the generator produces.
/// </summary>
public static class DemoDefinitions
{
    private const string ResourceName = "Helix.DemoData.demo-profile-definitions.yaml";

    private static readonly Lazy<string> Yaml = new(Read);

    /// <summary>The document as YAML, as <c>PUT /api/v1/profile-definitions</c> accepts it with Content-Type application/yaml.</summary>
    public static string ProfileDefinitionsYaml => Yaml.Value;

    private static string Read()
    {
        // The file is embedded at build time, so a missing resource is a broken build, not a runtime condition.
        using var stream = typeof(DemoDefinitions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(DemoDefinitions).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
