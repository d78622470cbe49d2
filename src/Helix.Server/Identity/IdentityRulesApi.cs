using Helix.Core.Access;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Identity;

/// <summary>
/// The workspace's identifier types and caps, as versions: each PUT is a rules operation in the event
/// log that applies to the messages after it. <c>simulate</c> shows what a version would change first.
/// </summary>
public static class IdentityRulesApi
{
    public static IEndpointRouteBuilder MapIdentityRulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/identity/rules").WithTags("Identity");
        group.MapGet("/", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("The identity rules in force: the version, the spec as written, and every effective identifier type; ?format=yaml for the spec as YAML")
            .Produces<RulesResponse>();
        group.MapPut("/", PutAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("Sets a new version of the rules (JSON, or YAML with Content-Type application/yaml); applies to events after it")
            .Produces<RulesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/simulate", SimulateAsync)
            .RequirePermission(Permission.IdentityWrite)
            .WithSummary("What-if: how many persons the proposed rules (JSON or YAML) would split or merge over the stored events, with examples; changes nothing")
            .Produces<SimulationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public sealed record TypeResponse(
        string Name, int Priority, int? MaxPerPerson, string? Window, string Normalization, bool RequiresTrustedSource, bool Scoped,
        IReadOnlyList<string> BlockedValues, IReadOnlyList<string> BlockedPatterns);

    /// <summary>The windowed fan-out rule in force; null when the workspace turned it off.</summary>
    public sealed record QuarantineRuleResponse(int MaxMerges, string Window);

    public sealed record RulesResponse(
        string Version, string? SetBy, DateTimeOffset? SetAt, string? Reason, IdentityRulesSpec Spec,
        int MaxIdentifiersPerPerson, int MaxMergesPerPerson, QuarantineRuleResponse? Quarantine, IReadOnlyList<TypeResponse> Types,
        IReadOnlyList<TraitRuleResponse> Traits);

    /// <summary>A trait's survivorship; traits not listed keep the most recent value.</summary>
    public sealed record TraitRuleResponse(string Name, string Survivorship, IReadOnlyList<string> Sources);

    private static async Task<IResult> GetAsync(string? format, HttpContext context, IIdentityJournal journal)
    {
        var current = await journal.CurrentRulesAsync(context.User.Workspace(), context.RequestAborted);
        var spec = current?.Operation.Rules is { } json ? IdentityRulesSpec.FromJson(json) : new IdentityRulesSpec();
        if (string.Equals(format, "yaml", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text(RulesDocument.ToYaml(spec), "application/yaml");
        }

        return Results.Ok(ToResponse(current, spec));
    }

    private static async Task<IResult> PutAsync(HttpContext context, CollectWriter writer, EventPipeline pipeline, IIdentityJournal journal, TimeProvider time)
    {
        var (spec, problem) = await ReadSpecAsync(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var workspace = context.User.Workspace();
        var operation = new IdentityOperation(
            OperationSubmission.NewId("rules_"), workspace, IdentityOperationKind.Rules, null, null, null, null,
            OperationSubmission.RequestedBy(context), context.Request.Query["reason"].FirstOrDefault(), time.GetUtcNow())
        {
            Rules = spec!.ToJson(),
        };
        if (await OperationSubmission.SubmitAsync(operation, context, writer, pipeline) is { } pending)
        {
            return pending;
        }

        var current = await journal.CurrentRulesAsync(workspace, context.RequestAborted);
        return Results.Ok(ToResponse(current, spec));
    }

    /// <summary>More journal entries than any workspace writes: the simulation needs all its merges and reverts.</summary>
    private const int MaxJournalReplayed = 1_000_000;

    private static async Task<IResult> SimulateAsync(
        HttpContext context, IdentitySimulator simulator, IIdentityJournal journal, IProfileReader profiles)
    {
        var (spec, problem) = await ReadSpecAsync(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var workspace = context.User.Workspace();
        var rules = spec!.Validate(out _)!;
        var operations = await journal.ListOperationsAsync(workspace, MaxJournalReplayed, context.RequestAborted);
        var (checkpoint, owners) = await profiles.GetEventOwnersAsync(workspace, context.RequestAborted);
        // The replay reads the log and folds in memory: CPU-bound, so off the request thread.
        var simulation = await Task.Run(() => simulator.Run(workspace, rules, operations, owners, checkpoint), context.RequestAborted);
        return Results.Ok(new SimulationResponse(
            simulation.EventsCompared, simulation.PersonsNow, simulation.PersonsProposed, simulation.PersonsThatWouldSplit, simulation.PersonsThatWouldMerge,
            [.. simulation.SplitExamples.Select(s => new SplitResponse(s.Person.Value, s.Into))],
            [.. simulation.MergeExamples.Select(m => new MergeResponse([.. m.Persons.Select(p => p.Value)]))]));
    }

    public sealed record SplitResponse(string Person, int Into);

    public sealed record MergeResponse(IReadOnlyList<string> Persons);

    public sealed record SimulationResponse(
        long EventsCompared, int PersonsNow, int PersonsProposed, int PersonsThatWouldSplit, int PersonsThatWouldMerge,
        IReadOnlyList<SplitResponse> SplitExamples, IReadOnlyList<MergeResponse> MergeExamples);

    /// <summary>The body as a valid spec, or a problem naming the field.</summary>
    private static async Task<(IdentityRulesSpec? Spec, IResult? Problem)> ReadSpecAsync(HttpRequest request)
    {
        var (spec, error) = await RulesDocument.ReadAsync(request);
        if (spec is null)
        {
            return (null, ProblemResults.Field("body", error!));
        }

        return spec.Validate(out var errors) is null
            ? (null, ProblemResults.Invalid("Invalid identity rules", errors))
            : (spec, null);
    }

    private static RulesResponse ToResponse(IdentityOperationOutcome? current, IdentityRulesSpec spec)
    {
        var rules = spec.Validate(out _) ?? IdentityRules.Default;
        return new RulesResponse(
            current?.Operation.OperationId ?? "built-in",
            current?.Operation.RequestedBy,
            current?.Operation.RequestedAt,
            current?.Operation.Reason,
            spec,
            rules.MaxIdentifiersPerPerson,
            rules.MaxMergesPerPerson,
            rules.MergeFanOut is { } fanOut ? new QuarantineRuleResponse(fanOut.MaxMerges, IdentityRulesSpec.FormatWindow(fanOut.Window)) : null,
            [.. rules.Types.OrderBy(t => t.Priority).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => new TypeResponse(
                t.Name, t.Priority, t.MaxPerPerson, t.Window is { } w ? IdentityRulesSpec.FormatWindow(w) : null, t.Normalization.ToString().ToLowerInvariant(),
                t.RequiresTrustedSource, t.Scoped, [.. t.BlockedValues.Order(StringComparer.Ordinal)], [.. t.BlockedPatterns.Select(p => p.ToString())]))],
            [.. rules.TraitRules.Values.OrderBy(r => r.Trait, StringComparer.Ordinal).Select(r => new TraitRuleResponse(
                r.Trait, TraitRuleSpec.Wire(r.Survivorship), r.Sources))]);
    }
}
