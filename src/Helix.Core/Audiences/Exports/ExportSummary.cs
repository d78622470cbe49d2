namespace Helix.Core.Audiences.Exports;

/// <summary>
/// What an export did with its input: <see cref="RowsIn"/> = <see cref="Exported"/> + the sum of
/// <see cref="Skipped"/>. Reasons that did not occur are absent from <see cref="Skipped"/>.
/// </summary>
public sealed record ExportSummary(int RowsIn, int Exported, IReadOnlyDictionary<ExportSkipReason, int> Skipped)
{
    public int SkippedFor(ExportSkipReason reason) => Skipped.GetValueOrDefault(reason);

    /// <summary>The skipped counts keyed by wire name (<c>noConsent</c>, <c>invalid</c> …) in a fixed order, for JSON.</summary>
    public IReadOnlyDictionary<string, int> SkippedByWireName() =>
        Enum.GetValues<ExportSkipReason>().Where(Skipped.ContainsKey).ToDictionary(WireNames.Of, r => Skipped[r], StringComparer.Ordinal);
}
