using Helix.Core.Collect;

namespace Helix.Core.Audiences.Lookalike;

public static partial class LookalikeAudience
{
    private static List<FieldError> Validate(IReadOnlyList<LookalikeRow> rows, HashSet<string> seed, int size, LookalikeOptions options)
    {
        var errors = new List<FieldError>();
        Range(errors, "options.holdoutFraction", options.HoldoutFraction, 0.05, 0.5);
        Range(errors, "options.maxSeedSampled", options.MaxSeedSampled, MinSeed, int.MaxValue);
        Range(errors, "options.maxNegatives", options.MaxNegatives, MinSeed, int.MaxValue);
        Range(errors, "options.minCategoryPersons", options.MinCategoryPersons, 1, int.MaxValue);
        Range(errors, "options.maxCategories", options.MaxCategories, 0, int.MaxValue);
        Range(errors, "options.maxNumbers", options.MaxNumbers, 0, int.MaxValue);
        Range(errors, "options.topFeatures", options.TopFeatures, 0, int.MaxValue);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var inSeed = 0;
        foreach (var row in rows)
        {
            if (!ids.Add(row.PersonId))
            {
                errors.Add(new FieldError("rows", $"hold person {row.PersonId} twice: one row per person"));
                return errors;
            }

            inSeed += seed.Contains(row.PersonId) ? 1 : 0;
        }

        var outside = rows.Count - inSeed;
        if (inSeed < MinSeed)
        {
            errors.Add(new FieldError("seed", $"has {inSeed} persons among the rows; a lookalike model needs at least {MinSeed}"));
        }

        if (outside < MinSeed)
        {
            errors.Add(new FieldError("seed", outside == 0
                ? "is everyone: there is nobody outside it to find"
                : $"leaves {outside} persons outside it; a lookalike model needs at least {MinSeed} to learn from"));
        }

        if (size < 1)
        {
            errors.Add(new FieldError("size", "is at least 1"));
        }
        else if (size > outside && outside >= MinSeed)
        {
            errors.Add(new FieldError("size", $"is at most {outside}, the number of persons outside the seed"));
        }

        return errors;
    }

    private static void Range(List<FieldError> errors, string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(new FieldError(field, max == int.MaxValue ? $"is at least {min}" : $"is between {min} and {max}"));
        }
    }
}
