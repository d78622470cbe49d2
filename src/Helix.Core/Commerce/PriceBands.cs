using System.Globalization;

namespace Helix.Core.Commerce;

/// <summary>
/// Price bands by unit price: thresholds t1 &lt; t2 &lt; … cut prices into bands, a price below t1 in the
/// first, a price at or above the last threshold in the last. <c>5,20,100</c> gives budget (&lt; 5),
/// standard (5 to &lt; 20), premium (20 to &lt; 100) and luxury (100 and more).
/// </summary>
public sealed class PriceBands
{
    private static readonly string[][] DefaultNames =
    [
        ["budget", "premium"],
        ["budget", "standard", "premium"],
        ["budget", "standard", "premium", "luxury"],
    ];

    private readonly decimal[] _thresholds;
    private readonly string[] _names;

    private PriceBands(decimal[] thresholds, string[] names)
    {
        _thresholds = thresholds;
        _names = names;
    }

    public IReadOnlyList<decimal> Thresholds => _thresholds;

    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// Reads comma-separated thresholds and, optionally, comma-separated names (one more than the
    /// thresholds). One to three thresholds have default names (budget … luxury); more need names.
    /// </summary>
    /// <returns>The bands, or null with the reason in <paramref name="error"/>.</returns>
    public static PriceBands? Parse(string thresholds, string? names, out string? error)
    {
        var values = new List<decimal>();
        foreach (var part in thresholds.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"price band threshold '{part}' is not a positive number";
                return null;
            }

            if (values.Count > 0 && value <= values[^1])
            {
                error = "price band thresholds must rise: each above the one before";
                return null;
            }

            values.Add(value);
        }

        string[] bandNames;
        if (names is not null)
        {
            bandNames = names.Split(',', StringSplitOptions.TrimEntries);
            if (bandNames.Length != values.Count + 1 || bandNames.Any(n => n.Length == 0) || bandNames.Distinct(StringComparer.Ordinal).Count() != bandNames.Length)
            {
                error = $"{values.Count} thresholds need {values.Count + 1} distinct, non-empty band names";
                return null;
            }
        }
        else if (values.Count <= DefaultNames.Length)
        {
            bandNames = DefaultNames[values.Count - 1];
        }
        else
        {
            error = $"{values.Count} thresholds have no default band names: give {values.Count + 1} names";
            return null;
        }

        error = null;
        return new PriceBands([.. values], bandNames);
    }

    /// <summary>The band of a unit price.</summary>
    public string Of(decimal unitPrice)
    {
        var band = 0;
        while (band < _thresholds.Length && unitPrice >= _thresholds[band])
        {
            band++;
        }

        return _names[band];
    }
}
