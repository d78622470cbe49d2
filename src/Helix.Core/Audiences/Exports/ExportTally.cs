namespace Helix.Core.Audiences.Exports;

/// <summary>Counts one export's rows and asks the consent check once per person.</summary>
internal sealed class ExportTally(ExportConsentCheck? mayExport)
{
    private readonly Dictionary<ExportSkipReason, int> _skipped = [];
    private readonly Dictionary<string, bool> _consent = new(StringComparer.Ordinal);
    private int _rowsIn;
    private int _exported;

    public void In() => _rowsIn++;

    public void Exported() => _exported++;

    public void Skip(ExportSkipReason reason) => _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;

    /// <summary>False (and counted as <see cref="ExportSkipReason.NoConsent"/>) when the check refuses the person.</summary>
    public bool Consents(string personId)
    {
        if (mayExport is null)
        {
            return true;
        }

        if (!_consent.TryGetValue(personId, out var allowed))
        {
            allowed = mayExport(personId);
            _consent[personId] = allowed;
        }

        if (!allowed)
        {
            Skip(ExportSkipReason.NoConsent);
        }

        return allowed;
    }

    public ExportSummary Summary() => new(_rowsIn, _exported, new Dictionary<ExportSkipReason, int>(_skipped));
}
