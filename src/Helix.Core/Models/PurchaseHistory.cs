namespace Helix.Core.Models;

/// <summary>
/// One customer's calibration-period summary as the BG/NBD model reads it, in one time unit
/// (weeks, days — the fitted α is in the same unit, so predictions must use it too).
/// </summary>
/// <param name="Frequency">x: repeat purchases, i.e. purchase days after the first one.</param>
/// <param name="Recency">t_x: time from the first purchase to the last one (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase to the end of the calibration period.</param>
public readonly record struct PurchaseHistory(int Frequency, double Recency, double Age)
{
    /// <summary>Throws when the history cannot come from real purchases: the fit would silently go wrong on it.</summary>
    public void Validate()
    {
        if (Frequency < 0 || !double.IsFinite(Recency) || !double.IsFinite(Age) || Recency < 0 || Age < Recency || (Frequency > 0 && Recency <= 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(PurchaseHistory),
                this,
                "Expected x >= 0, 0 <= t_x <= T, and t_x > 0 when x > 0.");
        }
    }
}
