using Microsoft.ML.Data;

namespace Helix.Core.Audiences.Lookalike;

/// <summary>
/// A fixed feature vector over a population: per number its value (0 when absent) and, where anyone lacks it, a
/// missing indicator; per frequent category a one-hot slot. Vectors are sparse, so a person costs their own facts,
/// not the schema's width. A value that is not a finite single-precision number counts as missing.
/// </summary>
internal sealed class LookalikeFeaturizer
{
    private readonly Dictionary<string, (int Value, int Missing)> _numbers;
    private readonly Dictionary<string, int> _categories;

    private LookalikeFeaturizer(IReadOnlyList<LookalikeFeature> features)
    {
        Features = features;
        _numbers = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        _categories = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            switch (feature.Kind)
            {
                case LookalikeFeatureKind.Number:
                    _numbers[feature.Source] = (i, -1);
                    break;
                case LookalikeFeatureKind.Missing:
                    _numbers[feature.Source] = (_numbers[feature.Source].Value, i);
                    break;
                default:
                    _categories[feature.Source] = i;
                    break;
            }
        }
    }

    public IReadOnlyList<LookalikeFeature> Features { get; }

    /// <summary>The schema of <paramref name="rows"/>: numbers then categories, each by falling frequency, ties by name (ordinal).</summary>
    public static LookalikeFeaturizer Fit(IReadOnlyList<LookalikeRow> rows, LookalikeOptions options)
    {
        var numberCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var categoryCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (name, value) in row.Numbers)
            {
                if (Usable(value))
                {
                    numberCounts[name] = numberCounts.GetValueOrDefault(name) + 1;
                }
            }

            seen.Clear();
            foreach (var category in row.Categories)
            {
                if (seen.Add(category))
                {
                    categoryCounts[category] = categoryCounts.GetValueOrDefault(category) + 1;
                }
            }
        }

        var features = new List<LookalikeFeature>();
        foreach (var (name, count) in MostFrequent(numberCounts, 1, options.MaxNumbers))
        {
            features.Add(new LookalikeFeature(LookalikeFeatureKind.Number, name));
            if (count < rows.Count)
            {
                features.Add(new LookalikeFeature(LookalikeFeatureKind.Missing, name));
            }
        }

        foreach (var (category, _) in MostFrequent(categoryCounts, options.MinCategoryPersons, options.MaxCategories))
        {
            features.Add(new LookalikeFeature(LookalikeFeatureKind.Category, category));
        }

        return new LookalikeFeaturizer(features);
    }

    /// <summary>The person's sparse vector over <see cref="Features"/>.</summary>
    public VBuffer<float> Vector(LookalikeRow row)
    {
        var slots = new List<(int Index, float Value)>(row.Numbers.Count + row.Categories.Count);
        foreach (var (name, (value, missing)) in _numbers)
        {
            if (row.Numbers.TryGetValue(name, out var number) && Usable(number))
            {
                if (number != 0)
                {
                    slots.Add((value, (float)number));
                }
            }
            else if (missing >= 0)
            {
                slots.Add((missing, 1f));
            }
        }

        foreach (var category in row.Categories)
        {
            if (_categories.TryGetValue(category, out var index))
            {
                slots.Add((index, 1f));
            }
        }

        slots.Sort((a, b) => a.Index.CompareTo(b.Index));
        var indices = new List<int>(slots.Count);
        var values = new List<float>(slots.Count);
        foreach (var (index, value) in slots)
        {
            // A category listed twice sets its slot once.
            if (indices.Count == 0 || indices[^1] != index)
            {
                indices.Add(index);
                values.Add(value);
            }
        }

        return new VBuffer<float>(Features.Count, indices.Count, [.. values], [.. indices]);
    }

    private static bool Usable(double value) => double.IsFinite(value) && Math.Abs(value) <= float.MaxValue;

    private static IEnumerable<KeyValuePair<string, int>> MostFrequent(Dictionary<string, int> counts, int atLeast, int most) =>
        counts.Where(c => c.Value >= atLeast)
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(most);
}
