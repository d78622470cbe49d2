using System.Diagnostics;
using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Spectre.Console;

namespace Helix.Bench.Tags;

/// <summary>
/// The system run: Helix's own full recompute, <see cref="FactBook.Define"/> — what the pipeline runs when a
/// definitions version is put in force. It folds every stored event of the workspace, with its owner, into the
/// new computed traits' states (filters, windows in UTC+8 days, values), then evaluates the whole tag catalog
/// for every person and records each tag gained, with the window expiries it schedules. The persons come from
/// a <see cref="ProfileGraph"/> that resolved each person's identify call beforehand (timed apart). The
/// events are collected messages already in memory, as the SQL side's are rows already loaded: reading them
/// back from the event log, which the pipeline does first, is not part of either figure.
/// </summary>
internal static class HelixRecompute
{
    private static readonly WorkspaceId Workspace = new("bench");

    /// <param name="FoldSeconds">Until the last event was folded into the computed traits.</param>
    /// <param name="EvaluateSeconds">From there until every person's tags were evaluated.</param>
    /// <param name="FactBytes">Managed heap the computed-trait states, tags and tag history take once built.</param>
    public sealed record Result(double MaterializeSeconds, double GraphSeconds, double FoldSeconds, double EvaluateSeconds, TagCounts Counts, long TagChanges, long FactBytes)
    {
        public double Seconds => FoldSeconds + EvaluateSeconds;
    }

    public static Result Run(TagsWorkload workload, ProfileDefinitions definitions)
    {
        var messages = new CollectedMessage[workload.Events.Length];
        var materialize = Phase.Run("Helix: collected messages in memory (not timed as computation)", messages.Length, done =>
        {
            for (var i = 0; i < messages.Length; i++)
            {
                messages[i] = TagMessages.Collected(workload, i, Workspace);
                done(i);
            }
        });

        var graph = new ProfileGraph();
        var owners = new PersonId[workload.Persons.Length];
        var resolve = Phase.Run("Helix: resolving the persons (ProfileGraph, not timed as computation)", messages.Length, done => Resolve(workload, messages, graph, owners, done));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var book = new FactBook(graph);
        var (fold, evaluate) = Define(book, definitions, workload, messages, owners);
        var changes = book.TakeHistory().Count;
        var factBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        return new Result(materialize, resolve, fold, evaluate, Count(book, owners), changes, factBytes);
    }

    private static void Resolve(TagsWorkload workload, CollectedMessage[] messages, ProfileGraph graph, PersonId[] owners, Action<long> done)
    {
        var merges = new List<PersonMerge>();
        for (var i = 0; i < messages.Length; i++)
        {
            if (messages[i].Type == MessageType.Identify)
            {
                owners[workload.Events[i].Person] = graph.Apply(messages[i], i, merges);
            }

            done(i);
        }

        graph.TakeChanged();
        if (merges.Count > 0)
        {
            throw new InvalidOperationException($"Every generated person has a user id of their own, yet {merges.Count} merges happened.");
        }
    }

    /// <returns>The seconds folding events into computed traits took, and the seconds evaluating every person's tags took after that.</returns>
    private static (double Fold, double Evaluate) Define(FactBook book, ProfileDefinitions definitions, TagsWorkload workload, CollectedMessage[] messages, PersonId[] owners)
    {
        var stopwatch = new Stopwatch();
        var folded = 0.0;
        AnsiConsole.Progress().Start(context =>
        {
            var folding = context.AddTask("Helix: folding events into computed traits (timed)", maxValue: messages.Length);
            var evaluating = context.AddTask($"Helix: evaluating {definitions.Catalog.Tags.Count} tags for every person (timed)", autoStart: false).IsIndeterminate();
            IEnumerable<(PersonId, CollectedMessage)> History()
            {
                for (var i = 0; i < messages.Length; i++)
                {
                    yield return (owners[workload.Events[i].Person], messages[i]);
                    if ((i & 0xFFFF) == 0)
                    {
                        folding.Value = i;
                    }
                }

                folded = stopwatch.Elapsed.TotalSeconds;
                folding.Value = messages.Length;
                evaluating.StartTask();
            }

            stopwatch.Start();
            book.Define(Workspace, definitions, History, position: messages.Length, workload.Now);
            stopwatch.Stop();
            evaluating.IsIndeterminate(false).Value = evaluating.MaxValue;
        });
        return (folded, stopwatch.Elapsed.TotalSeconds - folded);
    }

    private static TagCounts Count(FactBook book, PersonId[] owners)
    {
        var counts = new TagCounts();
        foreach (var person in owners)
        {
            foreach (var (tag, held) in book.TagsOf(Workspace, person))
            {
                counts.Add(tag, held.Value);
            }
        }

        return counts;
    }
}
