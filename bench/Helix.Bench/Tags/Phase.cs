using System.Diagnostics;
using Spectre.Console;

namespace Helix.Bench.Tags;

/// <summary>A long step of the benchmark with a progress bar; the step reports how far it got.</summary>
internal static class Phase
{
    /// <summary>Runs <paramref name="work"/>, which calls its argument with the steps done so far (often is fine: the bar is updated every 64K steps).</summary>
    /// <returns>The seconds the step took.</returns>
    public static double Run(string label, long total, Action<Action<long>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask(label, maxValue: total);
            work(done =>
            {
                if ((done & 0xFFFF) == 0)
                {
                    task.Value = done;
                }
            });
            task.Value = total;
        });
        return stopwatch.Elapsed.TotalSeconds;
    }
}
