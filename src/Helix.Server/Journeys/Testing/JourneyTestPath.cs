using Helix.Core.Journeys;
using static Helix.Server.Journeys.Testing.JourneyTestApi;

namespace Helix.Server.Journeys.Testing;

/// <summary>A test walk's effects as the path a person takes: one row per step reached, with what the step did.</summary>
internal static class JourneyTestPath
{
    public static List<PathStep> Of(JourneyDefinition journey, IReadOnlyList<JourneyEffect> effects)
    {
        var path = new List<PathStep>();
        foreach (var effect in effects)
        {
            var took = effect switch
            {
                BranchTaken b => b.Branch,
                ArmChosen a => a.Arm,
                ActionTaken { Withheld: true } => "withheld",
                ActionTaken => "performed",
                ActionSkipped s => $"skipped: {s.Reason}",
                JourneyExited { Converted: true } => "converted",
                JourneyExited => "exited",
                _ => null,
            };
            // What a step did completes the row of its arrival; the goal ending a wait later gets a row of its own.
            if (effect is not StepReached && path.Count > 0 && path[^1].Step == effect.Step && path[^1].At == effect.At && path[^1].Took is null)
            {
                path[^1] = path[^1] with { Took = took };
            }
            else
            {
                path.Add(new PathStep(effect.At, effect.Step, Kind(journey.Step(effect.Step)), took));
            }
        }

        return path;
    }

    public static TestEnd End(SimulatedWalk walk)
    {
        if (walk.Position is { } waiting)
        {
            return new TestEnd("waiting", waiting.Step, waiting.Since, waiting.WakeAt);
        }

        var exit = walk.Effects.OfType<JourneyExited>().Last();
        return new TestEnd(exit.Converted ? "converted" : "exited", exit.Step, exit.At, null);
    }

    private static string Kind(JourneyStep step) => step switch
    {
        WaitStep => "wait",
        WaitUntilStep => "waitUntil",
        WaitForEventStep => "waitForEvent",
        ConditionStep => "condition",
        SplitStep => "split",
        ActionStep => "action",
        _ => "exit",
    };
}
