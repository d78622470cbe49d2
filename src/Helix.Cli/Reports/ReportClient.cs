using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Cli.Reports;

/// <summary>A report could not be made: what to tell the user, and the exit code (2: the query is wrong; 3: the server or the key).</summary>
internal sealed class ReportException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// Asks a running Helix for a report over its HTTP API with an API key, so reports see exactly what the API allows
/// that key (workspace, permissions, masking) and validate queries the same way.
/// </summary>
internal sealed class ReportClient(Uri server, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromMinutes(5),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) },
    };

    public Task<JsonElement> PostAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(() => _http.PostAsJsonAsync(path, body, cancellationToken), path, cancellationToken);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => _http.GetAsync(path, cancellationToken), path, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(Func<Task<HttpResponseMessage>> send, string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e)
        {
            throw new ReportException($"Cannot reach Helix at {_http.BaseAddress}: {e.Message}", 3);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            var problem = Problem(text);
            throw response.StatusCode switch
            {
                HttpStatusCode.BadRequest => new ReportException($"The query is not valid: {problem}", 2),
                HttpStatusCode.Unauthorized => new ReportException($"The API key was refused ({problem}). Pass --key or set HELIX_API_KEY.", 3),
                HttpStatusCode.Forbidden => new ReportException($"The API key may not run this report: {problem}", 3),
                _ => new ReportException($"Helix answered {(int)response.StatusCode} to {path}: {problem}", 3),
            };
        }
    }

    /// <summary>The problem document's field errors (<c>field: reason</c>), else its detail or title.</summary>
    private static string Problem(string text)
    {
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}: {e.GetProperty("reason").GetString()}"));
            }

            return (problem.TryGetProperty("detail", out var d) ? d.GetString() : null) ?? (problem.TryGetProperty("title", out var t) ? t.GetString() : null) ?? text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
