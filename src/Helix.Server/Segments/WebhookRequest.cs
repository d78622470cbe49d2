using System.Text.Json;
using Helix.Server.Problems;

namespace Helix.Server.Segments;

/// <summary>A webhook push request: where to, the signing secret, which identifiers, how many members per batch.</summary>
internal sealed record WebhookRequest(Uri Url, string Secret, IReadOnlyList<string> Identifiers, int BatchSize)
{
    private static readonly string[] Fields = ["url", "secret", "identifiers", "batchSize", "consent"];

    public static WebhookRequest? Read(JsonElement request) => Check(request).Request;

    public static IResult Problem(JsonElement request) => Check(request).Problem!;

    private static (WebhookRequest? Request, IResult? Problem) Check(JsonElement request)
    {
        if (request.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !Fields.Contains(n)) is { } unknown)
        {
            return (null, ProblemResults.Field(unknown, "is not a field of a webhook push: url, secret, identifiers, batchSize, consent"));
        }

        if (!request.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(u.GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return (null, ProblemResults.Field("url", "is required: an absolute http or https URL"));
        }

        if (!request.TryGetProperty("secret", out var s) || s.ValueKind != JsonValueKind.String || s.GetString()!.Length is < 16 or > 256)
        {
            return (null, ProblemResults.Field("secret", "is required: the key the receiver verifies X-Helix-Signature with, 16 to 256 characters"));
        }

        var identifiers = new List<string>();
        if (request.TryGetProperty("identifiers", out var ids))
        {
            if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String || i.GetString()!.Length is 0 or > 64))
            {
                return (null, ProblemResults.Field("identifiers", "is a list of identifier types such as [\"phone\", \"email\"]"));
            }

            identifiers.AddRange(ids.EnumerateArray().Select(i => i.GetString()!).Distinct(StringComparer.Ordinal));
        }

        var batchSize = 1000;
        if (request.TryGetProperty("batchSize", out var b) && !(b.ValueKind == JsonValueKind.Number && b.TryGetInt32(out batchSize) && batchSize is >= 1 and <= 10_000))
        {
            return (null, ProblemResults.Field("batchSize", "is a whole number from 1 to 10000"));
        }

        return (new WebhookRequest(url, s.GetString()!, identifiers, batchSize), null);
    }
}
