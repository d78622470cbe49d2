using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Journeys;
using Helix.Core.Models;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.DemoData;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.Server.Tags;
using Helix.Server.Workspaces;
using Spectre.Console;

namespace Helix.Cli.Demo;

/// <summary>
/// Loads the demo brand into a running server through the same path as the collect API: one source per
/// channel, validation, durable appends, the pipeline. The demo's bad input is refused like any other.
/// Then the brand's profile definitions (computed traits and tags) go in as the API would write them.
/// </summary>
internal sealed class DemoLoader(
    IWorkspaceStore store, CollectWriter writer, EventPipeline pipeline, DefinitionsSubmission definitions, ModelRunner models, IJourneyStore journeys,
    TimeProvider time)
{
    public const string SourcePrefix = "demo:";
    private const int BatchSize = 500;

    public static string WriteKeyOf(string channel) => $"hxw_demo_{channel}";

    /// <param name="Definitions">The definitions the demo applied; null when the workspace already had some (they are left alone).</param>
    /// <param name="Models">The first model run over the demo's orders (RFM, lifecycle, AIPL, CLV, churn tags).</param>
    public sealed record Result(bool AlreadyLoaded, long Accepted, long Rejected, ProfileDefinitions? Definitions = null, ModelRun? Models = null);

    public async Task<Result> LoadAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var workspace = new WorkspaceId(Bootstrap.DefaultWorkspaceId);
        var existing = await store.ListSourcesAsync(workspace, cancellationToken);
        if (existing.Any(s => s.Name.StartsWith(SourcePrefix, StringComparison.Ordinal)))
        {
            return new Result(true, 0, 0);
        }

        var sources = new Dictionary<string, Source>();
        foreach (var channel in DemoBrand.Channels)
        {
            // The site's and the app's keys ship to customers' devices; the other channels feed in from servers.
            var trust = channel.Key is "web" or "app" ? SourceTrust.Untrusted : SourceTrust.Trusted;
            sources[channel.Key] = await store.CreateSourceAsync(
                workspace, SourcePrefix + channel.Key, trust, SecretKeys.Hash(WriteKeyOf(channel.Key)), time.GetUtcNow(), cancellationToken);
        }

        long accepted = 0, rejected = 0, end = 0;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var estimated = options.Customers * 15.0;
                var sending = progress.AddTask("Sending demo events", maxValue: estimated);
                var buffers = sources.Keys.ToDictionary(k => k, _ => new Batch());
                foreach (var demo in DemoBrand.Generate(options))
                {
                    var batch = buffers[demo.Channel];
                    var source = sources[demo.Channel];
                    var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(demo.Message));
                    var envelope = CollectEnvelope.For(source, time.GetUtcNow());
                    var parsed = MessageParser.Parse(document.RootElement, "", null, envelope, () => Guid.NewGuid().ToString("N"));
                    if (parsed.Message is { } message)
                    {
                        batch.Add(message, document);
                        accepted++;
                    }
                    else
                    {
                        document.Dispose();
                        rejected++;
                    }

                    if (batch.Count >= BatchSize)
                    {
                        end = Math.Max(end, await batch.FlushAsync(writer, cancellationToken));
                    }

                    sending.Value = Math.Min(accepted + rejected, estimated);
                }

                foreach (var batch in buffers.Values)
                {
                    end = Math.Max(end, await batch.FlushAsync(writer, cancellationToken));
                }

                sending.Value = sending.MaxValue;
                var applying = progress.AddTask("Building profiles", maxValue: Math.Max(end, 1));
                while (pipeline.Checkpoint < end)
                {
                    applying.Value = pipeline.Checkpoint;
                    using var tick = new CancellationTokenSource(TimeSpan.FromMilliseconds(250), time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(tick.Token, cancellationToken);
                    await pipeline.WaitForCheckpointAsync(end, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                applying.Value = applying.MaxValue;
            });
        var applied = await ApplyDefinitionsAsync(workspace, cancellationToken);
        var models = applied is null ? null : await RunModelsAsync(workspace, cancellationToken);
        if (applied is not null)
        {
            await StartJourneysAsync(workspace, cancellationToken);
        }

        return new Result(false, accepted, rejected, applied, models);
    }

    /// <summary>The demo's journeys, saved and live: from now on purchases and birthdays enter people.</summary>
    private async Task StartJourneysAsync(WorkspaceId workspace, CancellationToken cancellationToken)
    {
        foreach (var definition in DemoJourneys.All)
        {
            var name = JsonElement.Parse(definition).GetProperty("name").GetString()!;
            if (await journeys.GetJourneyAsync(workspace, name, cancellationToken) is null)
            {
                await journeys.SaveJourneyAsync(workspace, name, definition, "demo", time.GetUtcNow(), cancellationToken);
                await journeys.SetJourneyStatusAsync(workspace, name, JourneyStatus.Live, time.GetUtcNow(), cancellationToken);
            }
        }
    }

    /// <summary>Refreshes the model tags once, so the demo's profiles carry them before the first scheduled run.</summary>
    private async Task<ModelRun> RunModelsAsync(WorkspaceId workspace, CancellationToken cancellationToken)
    {
        var (run, _) = await models.StartAsync(workspace, ModelRunTrigger.Manual, "demo", cancellationToken);
        var completion = models.Completion(workspace, run.Id);
        if (completion is null)
        {
            return run;
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Running models (RFM, lifecycle, AIPL, CLV, churn)", maxValue: Math.Max(run.Steps.Count, 1));
                while (!completion.IsCompleted)
                {
                    task.Value = models.Active(workspace)?.StepsDone ?? task.Value;
                    await Task.WhenAny(completion, Task.Delay(250, cancellationToken));
                }

                task.Value = task.MaxValue;
                return await completion;
            });
    }

    /// <summary>
    /// Writes the demo's definitions as the next version, after the events so that the change builds the computed
    /// traits once from the stored history (as a real workspace adopting tags would), and waits until applied.
    /// </summary>
    /// <returns>Null when the workspace already has definitions: someone's own are never replaced by the demo's.</returns>
    private async Task<ProfileDefinitions?> ApplyDefinitionsAsync(WorkspaceId workspace, CancellationToken cancellationToken)
    {
        var (json, error) = YamlJson.Convert(DemoDefinitions.ProfileDefinitionsYaml);
        var (parsed, errors) = json is null ? (null, []) : ProfileDefinitions.Parse(JsonElement.Parse(json), 1);
        if (parsed is null)
        {
            // The file ships inside Helix.DemoData and its tests parse it, so this is a build defect.
            throw new InvalidOperationException($"The demo's profile definitions do not parse: {error ?? string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}"))}");
        }

        var (applied, _) = await definitions.ChangeAsync(
            workspace, "demo", current => current.Version > 0 ? (null, null) : (parsed, null), cancellationToken);
        return applied;
    }

    /// <summary>Messages of one channel waiting to be appended, with the JSON documents they borrow from.</summary>
    private sealed class Batch
    {
        private readonly List<CollectedMessage> _messages = [];
        private readonly List<JsonDocument> _documents = [];

        public int Count => _messages.Count;

        public void Add(CollectedMessage message, JsonDocument document)
        {
            _messages.Add(message);
            _documents.Add(document);
        }

        public async Task<long> FlushAsync(CollectWriter writer, CancellationToken cancellationToken)
        {
            if (_messages.Count == 0)
            {
                return 0;
            }

            var end = await writer.WriteAsync(_messages, cancellationToken);
            _messages.Clear();
            _documents.ForEach(d => d.Dispose());
            _documents.Clear();
            return end;
        }
    }
}
