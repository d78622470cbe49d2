using System.Net.Mail;
using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// What a connection of each connector holds (docs/connectors.md): its settings, checked field by field, and the
/// names of its secrets. Every connection may set <c>ratePerSecond</c>, the most sends a second it makes.
/// </summary>
public static class ConnectionSpec
{
    public const int MaxSecretLength = 4096;
    private const string RatePerSecond = "ratePerSecond";

    /// <param name="Settings">Each setting with whether it is required.</param>
    public sealed record Kind(string Connector, IReadOnlyDictionary<string, bool> Settings, IReadOnlyDictionary<string, bool> Secrets);

    public static IReadOnlyDictionary<string, Kind> Kinds { get; } = new Kind[]
    {
        new("webhook", Fields(["url"], []), Fields(["signingKey"], [])),
        new("email", Fields(["host", "port", "from"], ["security", "username"]), Fields([], ["password"])),
        new("sms", Fields(["url", "body"], ["headers", "recipient"]), Fields([], ["authorization"])),
        new("push", Fields(["url", "body"], ["headers", "recipient"]), Fields([], ["authorization"])),
        new("wechat_template", Fields(["appId"], ["baseUrl"]), Fields(["appSecret"], [])),
        new("wechat_subscribe", Fields(["appId"], ["baseUrl"]), Fields(["appSecret"], [])),
        new("wecom", Fields(["corpId"], ["baseUrl", "sender"]), Fields(["corpSecret"], [])),
    }.ToDictionary(k => k.Connector, StringComparer.Ordinal);

    /// <summary>Checks a connection as given to <c>PUT /api/v1/connections/{name}</c>: <c>{connector, settings, secrets}</c>.</summary>
    /// <param name="kept">The stored connection's secrets, kept for each secret the body leaves out when the connector is unchanged.</param>
    public static (JourneyConnection? Connection, IReadOnlyList<FieldError> Errors) Parse(string name, JsonElement body, JourneyConnection? kept)
    {
        var errors = new List<FieldError>();
        foreach (var unknown in body.EnumerateObject().Select(p => p.Name).Where(n => n is not ("connector" or "settings" or "secrets" or "name")))
        {
            errors.Add(new FieldError(unknown, "is not a field of a connection: connector, settings, secrets"));
        }

        if (body.TryGetProperty("name", out var named) && !(named.ValueKind == JsonValueKind.String && named.GetString() == name))
        {
            errors.Add(new FieldError("name", $"must be '{name}', the connection in the URL, or left out"));
        }

        if (!body.TryGetProperty("connector", out var c) || c.ValueKind != JsonValueKind.String || !Kinds.TryGetValue(c.GetString()!, out var kind))
        {
            errors.Add(new FieldError("connector", $"is required: one of {string.Join(", ", Kinds.Keys)}"));
            return (null, errors);
        }

        var settings = body.TryGetProperty("settings", out var s) ? s : default;
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("settings", $"is required: an object with {string.Join(", ", kind.Settings.Keys)}"));
            return (null, errors);
        }

        CheckFields(settings, "settings", kind.Settings.Keys.Append(RatePerSecond), kind.Settings.Where(f => f.Value).Select(f => f.Key), errors);
        foreach (var setting in settings.EnumerateObject())
        {
            if (CheckSetting(setting.Name, setting.Value) is { } reason)
            {
                errors.Add(new FieldError($"settings.{setting.Name}", reason));
            }
        }

        var secrets = Secrets(body, kind, kept?.Connector == kind.Connector ? kept.Secrets : null, errors);
        if (settings.TryGetProperty("username", out _) && !secrets.ContainsKey("password"))
        {
            errors.Add(new FieldError("secrets.password", "is required when settings.username is given"));
        }

        return errors.Count > 0 ? (null, errors) : (new JourneyConnection(name, kind.Connector, settings.Clone(), secrets), errors);
    }

    private static Dictionary<string, string> Secrets(JsonElement body, Kind kind, IReadOnlyDictionary<string, string>? kept, List<FieldError> errors)
    {
        var secrets = new Dictionary<string, string>(kept ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (body.TryGetProperty("secrets", out var given))
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("secrets", $"is an object with {string.Join(", ", kind.Secrets.Keys)}"));
                return secrets;
            }

            foreach (var secret in given.EnumerateObject())
            {
                if (!kind.Secrets.ContainsKey(secret.Name))
                {
                    errors.Add(new FieldError($"secrets.{secret.Name}", $"is not a secret of {kind.Connector}: {string.Join(", ", kind.Secrets.Keys)}"));
                }
                else if (secret.Value.ValueKind != JsonValueKind.String || secret.Value.GetString()!.Length is 0 or > MaxSecretLength)
                {
                    errors.Add(new FieldError($"secrets.{secret.Name}", $"is a string of 1 to {MaxSecretLength} characters"));
                }
                else if (secret.Name == "signingKey" && secret.Value.GetString()!.Length < 16)
                {
                    errors.Add(new FieldError($"secrets.{secret.Name}", "is at least 16 characters: the key the receiver verifies X-Helix-Signature with"));
                }
                else
                {
                    secrets[secret.Name] = secret.Value.GetString()!;
                }
            }
        }

        foreach (var missing in kind.Secrets.Where(s => s.Value && !secrets.ContainsKey(s.Key)))
        {
            errors.Add(new FieldError($"secrets.{missing.Key}", $"is required by {kind.Connector}"));
        }

        return secrets;
    }

    private static void CheckFields(JsonElement settings, string path, IEnumerable<string> allowed, IEnumerable<string> required, List<FieldError> errors)
    {
        var known = allowed.ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in settings.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)))
        {
            errors.Add(new FieldError($"{path}.{unknown}", $"is not a setting: {string.Join(", ", known)}"));
        }

        foreach (var missing in required.Where(r => !settings.TryGetProperty(r, out var v) || v.ValueKind == JsonValueKind.Null))
        {
            errors.Add(new FieldError($"{path}.{missing}", "is required"));
        }
    }

    private static string? CheckSetting(string name, JsonElement value) => name switch
    {
        "url" or "baseUrl" => value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? null : "is an absolute http or https URL",
        "port" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is >= 1 and <= 65535 ? null : "is a port number from 1 to 65535",
        "from" => value.ValueKind == JsonValueKind.String && MailAddress.TryCreate(value.GetString(), out _) ? null : "is an e-mail address, optionally with a name: \"Brand <news@brand.example>\"",
        "security" => value.ValueKind == JsonValueKind.String && value.GetString() is "none" or "starttls" or "ssl" ? null : "is none, starttls or ssl",
        RatePerSecond => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var rate) && rate is > 0 and <= 10_000 ? null : "is a number of sends a second, above 0 and at most 10000",
        "headers" => value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(h => h.Value.ValueKind == JsonValueKind.String && h.Name.Length is > 0 and <= 128)
            ? null : "is an object of header names to string values",
        "body" => value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? JsonTemplate.Check(value, "") is [var (path, error), ..] ? $"has a bad template at {(path.Length == 0 ? "the top" : path.TrimStart('.'))}: {error}" : null
            : "is the JSON body to send, whose strings are Liquid templates: {\"to\": \"{{ phone }}\", \"text\": \"{{ message }}\"}",
        _ => value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length is > 0 and <= 255 ? null : "is a non-empty string of at most 255 characters",
    };

    private static Dictionary<string, bool> Fields(string[] required, string[] optional) =>
        required.Select(r => (r, true)).Concat(optional.Select(o => (o, false))).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal);
}
