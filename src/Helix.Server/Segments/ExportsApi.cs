using System.Text;
using System.Text.Json;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Audiences.Exports;
using Helix.Core.Privacy.Consent;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// A segment's members out of Helix: a CSV with chosen columns, a hashed identifier file for an ad platform's
/// seed audience, or a signed webhook push. Personal data is masked in CSV files unless a key with pii:read asks for
/// it unmasked; seed files hold only hashes; webhooks carry raw identifiers only for keys with pii:read.
/// The formats are in docs/exports.md.
/// </summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/segments/{name}").WithTags("Segments");
        group.MapGet("/export.csv", CsvAsync)
            .RequirePermission(Permission.ExportsRun)
            .WithSummary("Members as CSV: ?fields=person_id,trait:city,computed:spend_365d,tag:rfm,id:phone &mask=… &unmasked=true (pii:read) &bom=false &consent=marketing:sms (default marketing): only members who consent")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export/seed", SeedAsync)
            .RequirePermission(Permission.ExportsRun)
            .WithSummary("A hashed seed-audience file: ?type=phone|email|idfa|imei|oaid|androidId &hash=md5|sha256 &phoneStyle=chinaMobile|countryCodeDigits|e164 &consent= (default advertising): only members who consent")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/export/webhook", WebhookAsync)
            .RequirePermission(Permission.ExportsRun)
            .WithSummary("Pushes the members to a URL in signed batches: {url, secret, identifiers?: [phone, …], batchSize?, consent?: marketing:sms (default marketing)}; only members who consent")
            .Produces<WebhookResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record WebhookResponse(string ExportId, int Batches, int Delivered, IReadOnlyList<string> Failures, int Exported, IReadOnlyDictionary<string, int> Skipped);

    private static async Task<IResult> CsvAsync(
        string name, string? fields, string? mask, bool? unmasked, bool? bom, string? consent, HttpContext context, DefinitionsSubmission submission,
        IExportSource source, IConsentStore consents, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return ProblemResults.Field("fields", "is required: comma-separated columns such as person_id,trait:city,tag:rfm");
        }

        if (unmasked == true && !context.User.Has(Permission.PiiRead))
        {
            return Results.Problem(title: "Forbidden", detail: "Exporting personal data unmasked needs the pii:read permission.", statusCode: StatusCodes.Status403Forbidden);
        }

        var columns = fields.Split(',', StringSplitOptions.TrimEntries);
        var masked = mask?.Split(',', StringSplitOptions.TrimEntries) ?? [];
        var (parsed, errors) = CsvExportSpec.Parse(columns, masked, bom ?? true);
        if (parsed is null)
        {
            return ProblemResults.Invalid("Invalid export", errors);
        }

        // Personal columns are masked unless an admin asked otherwise: the rule follows the data, not the caller's memory.
        var personal = unmasked == true ? [] : parsed.Fields.Where(f => f.IsPersonal).Select(f => f.Text);
        var (spec, _) = CsvExportSpec.Parse(columns, [.. masked.Union(personal)], bom ?? true);
        var workspace = context.User.Workspace();
        var (definitions, _, problem) = await SegmentsApi.FindAsync(submission, context, name);
        if (problem is not null)
        {
            return problem;
        }

        var (mayExport, consentProblem) = await ConsentCheckAsync(consent, ConsentTopic.Marketing, "consent", context, consents);
        if (consentProblem is not null)
        {
            return consentProblem;
        }

        var now = time.GetUtcNow();
        var persons = await source.SegmentExportPersonsAsync(workspace, name, context.RequestAborted);
        var buffer = new MemoryStream();
        var summary = CsvExport.Write(persons.Select(p => new ExportPersonRow(p, definitions, now)), spec!, buffer, mayExport);
        AddSummary(context, summary);
        return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", $"{name}.csv");
    }

    private static async Task<IResult> SeedAsync(
        string name, string? type, string? hash, string? phoneStyle, string? consent, HttpContext context, DefinitionsSubmission submission,
        IExportSource source, IConsentStore consents)
    {
        if (!WireNames.TryParse<SeedIdentifierType>(type, out var identifierType))
        {
            return ProblemResults.Field("type", "must be phone, email, idfa, imei, oaid or androidId");
        }

        if (!WireNames.TryParse<SeedHash>(hash, out var digest))
        {
            return ProblemResults.Field("hash", "must be md5 or sha256");
        }

        var style = PhoneStyle.ChinaMobile;
        if (phoneStyle is not null && !WireNames.TryParse(phoneStyle, out style))
        {
            return ProblemResults.Field("phoneStyle", "must be chinaMobile, countryCodeDigits or e164");
        }

        var (mayExport, consentProblem) = await ConsentCheckAsync(consent, ConsentTopic.Advertising, "consent", context, consents);
        if (consentProblem is not null)
        {
            return consentProblem;
        }

        var workspace = context.User.Workspace();
        if ((await SegmentsApi.FindAsync(submission, context, name)).Problem is { } missing)
        {
            return missing;
        }

        var persons = await source.SegmentExportPersonsAsync(workspace, name, context.RequestAborted);
        var identifierName = WireNames.Of(identifierType);
        var values = persons.SelectMany(p => ExportPersonRow.Identifiers(p, identifierName).DefaultIfEmpty(null).Select(v => new ExportIdentifier(p.Person.Value, v)));
        var writer = new StringWriter { NewLine = "\n" };
        var summary = SeedFile.Write(values, new SeedFileSpec(identifierType, digest, style), writer, mayExport);
        AddSummary(context, summary);
        return Results.File(new UTF8Encoding(false).GetBytes(writer.ToString()), "text/plain; charset=utf-8", $"{name}-{identifierName}-{WireNames.Of(digest)}.txt");
    }

    private static async Task<IResult> WebhookAsync(
        string name, HttpContext context, DefinitionsSubmission submission, IExportSource source, IConsentStore consents, IHttpClientFactory clients)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        if (WebhookRequest.Read(request) is not { } push)
        {
            return WebhookRequest.Problem(request);
        }

        if (push.Identifiers.Count > 0 && !context.User.Has(Permission.PiiRead))
        {
            return Results.Problem(title: "Forbidden", detail: "Pushing raw identifiers needs the pii:read permission.", statusCode: StatusCodes.Status403Forbidden);
        }

        var consent = request.TryGetProperty("consent", out var c) ? (c.ValueKind == JsonValueKind.String ? c.GetString() : "") : null;
        var (mayExport, consentProblem) = await ConsentCheckAsync(consent, ConsentTopic.Marketing, "consent", context, consents);
        if (consentProblem is not null)
        {
            return consentProblem;
        }

        var workspace = context.User.Workspace();
        if ((await SegmentsApi.FindAsync(submission, context, name)).Problem is { } missing)
        {
            return missing;
        }

        var persons = await source.SegmentExportPersonsAsync(workspace, name, context.RequestAborted);
        var members = persons.Select(p => new WebhookMember(
            p.Person.Value,
            push.Identifiers.ToDictionary(t => t, t => (IReadOnlyList<string>)[.. ExportPersonRow.Identifiers(p, t)], StringComparer.Ordinal)));
        var exportId = OperationSubmission.NewId("exp_");
        var export = WebhookPayload.Build(name, exportId, members, Encoding.UTF8.GetBytes(push.Secret), push.BatchSize, mayExport);
        var client = clients.CreateClient(nameof(ExportsApi));
        var failures = new List<string>();
        foreach (var batch in export.Batches)
        {
            if (await DeliverAsync(client, push.Url, batch, context.RequestAborted) is { } failure)
            {
                failures.Add($"batch {batch.Batch}: {failure}");
            }
        }

        return Results.Ok(new WebhookResponse(
            exportId, export.Batches.Count, export.Batches.Count - failures.Count, failures, export.Summary.Exported, export.Summary.SkippedByWireName()));
    }

    /// <summary>Posts one batch, retrying a failure twice with back-off (0.5 s, 2 s); null once delivered (2xx).</summary>
    private static async Task<string?> DeliverAsync(HttpClient client, Uri url, WebhookBatch batch, CancellationToken cancellationToken)
    {
        string? failure = null;
        foreach (var delay in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2) })
        {
            await Task.Delay(delay, cancellationToken);
            try
            {
                using var content = new ReadOnlyMemoryContent(batch.Body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                message.Headers.Add(WebhookSignature.Header, batch.Signature);
                using var response = await client.SendAsync(message, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
        }

        return failure;
    }

    /// <summary>
    /// Who may leave in this export: the persons whose consents allow <paramref name="consent"/> (a purpose or
    /// marketing:channel; <paramref name="fallback"/> when not given). There is no way to export without a purpose.
    /// </summary>
    private static async Task<(ExportConsentCheck? Check, IResult? Problem)> ConsentCheckAsync(
        string? consent, string fallback, string field, HttpContext context, IConsentStore consents)
    {
        if (!ConsentTopic.TryParse(consent ?? fallback, out var topic, out var reason))
        {
            return (null, ProblemResults.Field(field, reason!));
        }

        var allowed = await consents.PersonsAllowingAsync(context.User.Workspace(), topic, context.RequestAborted);
        context.Response.Headers["X-Helix-Consent"] = topic.ToString();
        return (allowed.Contains, null);
    }

    private static void AddSummary(HttpContext context, ExportSummary summary)
    {
        context.Response.Headers["X-Helix-Rows-In"] = summary.RowsIn.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-Helix-Exported"] = summary.Exported.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-Helix-Skipped"] = JsonSerializer.Serialize(summary.SkippedByWireName());
    }
}
