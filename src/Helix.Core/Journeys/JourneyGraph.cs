using Helix.Core.Collect;

namespace Helix.Core.Journeys;

/// <summary>
/// The checks on a journey's steps as a graph: ids are unique, every branch leads to a step, every step can be
/// reached from the start, and there is no cycle, so every person's path is finite and ends at an exit step (a loop
/// could send the same message forever).
/// </summary>
public static class JourneyGraph
{
    public static void Check(string start, IReadOnlyList<JourneyStep> steps, List<FieldError> errors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (!index.TryAdd(steps[i].Id, i))
            {
                errors.Add(new FieldError($"steps[{i}].id", $"'{steps[i].Id}' is the id of an earlier step"));
            }
        }

        if (!index.ContainsKey(start))
        {
            errors.Add(new FieldError("start", $"'{start}' is not the id of a step"));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var (field, target) in steps[i].Next.Where(n => !index.ContainsKey(n.Step)))
            {
                errors.Add(new FieldError($"steps[{i}].{field}", $"'{target}' is not the id of a step"));
            }
        }

        if (errors.Count > 0)
        {
            return;
        }

        // Depth-first from the start: a step met again while still on the path closes a cycle.
        var state = new int[steps.Count]; // 0 unseen, 1 on the path, 2 done
        var stack = new Stack<(int Step, IEnumerator<(string Field, string Step)> Next)>();
        state[index[start]] = 1;
        stack.Push((index[start], steps[index[start]].Next.GetEnumerator()));
        while (stack.Count > 0)
        {
            var (step, next) = stack.Peek();
            if (!next.MoveNext())
            {
                state[step] = 2;
                stack.Pop();
                continue;
            }

            var target = index[next.Current.Step];
            if (state[target] == 1)
            {
                errors.Add(new FieldError($"steps[{step}].{next.Current.Field}", $"'{next.Current.Step}' leads back to an earlier step: a journey has no loops"));
                return;
            }

            if (state[target] == 0)
            {
                state[target] = 1;
                stack.Push((target, steps[target].Next.GetEnumerator()));
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (state[i] == 0)
            {
                errors.Add(new FieldError($"steps[{i}]", $"'{steps[i].Id}' is never reached from start"));
            }
        }
    }
}
