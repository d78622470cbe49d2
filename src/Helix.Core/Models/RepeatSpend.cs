namespace Helix.Core.Models;

/// <summary>What the Gamma-Gamma model reads per repeat customer.</summary>
/// <param name="Frequency">x: repeat purchases (must be at least 1).</param>
/// <param name="AverageValue">m_x: the average value of those repeat purchases (must be positive).</param>
public readonly record struct RepeatSpend(int Frequency, double AverageValue)
{
    public void Validate()
    {
        if (Frequency < 1 || !double.IsFinite(AverageValue) || AverageValue <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RepeatSpend), this, "Expected x >= 1 and a positive, finite average value.");
        }
    }
}
