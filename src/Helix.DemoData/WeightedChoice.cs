namespace Helix.DemoData;

/// <summary>Picks from a table of (item, weight): real distributions (surnames, cities, channels) are far from uniform.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _items;
    private readonly int[] _cumulative;

    public WeightedChoice(IReadOnlyList<(T Item, int Weight)> table)
    {
        _items = new T[table.Count];
        _cumulative = new int[table.Count];
        var total = 0;
        for (var i = 0; i < table.Count; i++)
        {
            _items[i] = table[i].Item;
            total += table[i].Weight;
            _cumulative[i] = total;
        }
    }

    public T Next(Random random)
    {
        var pick = random.Next(_cumulative[^1]);
        var index = Array.BinarySearch(_cumulative, pick + 1);
        return _items[index >= 0 ? index : ~index];
    }
}
