namespace Helix.Core.Commerce;

/// <summary>Counts imported lines whose product the product table does not list, and remembers a few.</summary>
internal sealed class UnknownProducts(bool tableGiven)
{
    private const int Remembered = 10;
    private readonly List<string> _shown = [];

    public long Lines { get; private set; }

    public IReadOnlyList<string> Shown => _shown;

    public void Check(Product? found, string key)
    {
        if (!tableGiven || found is not null)
        {
            return;
        }

        Lines++;
        if (_shown.Count < Remembered && !_shown.Contains(key, StringComparer.Ordinal))
        {
            _shown.Add(key);
        }
    }
}
