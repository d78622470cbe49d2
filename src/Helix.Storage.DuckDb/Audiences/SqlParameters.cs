namespace Helix.Storage.DuckDb.Audiences;

/// <summary>The parameters of one compiled query: every value and name goes in here and SQL sees only <c>$pN</c>.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object? Value)> _values = [];
    private int _lambdas;

    public IReadOnlyList<(string Name, object? Value)> Values => _values;

    /// <returns>The placeholder to write in SQL.</returns>
    public string Add(object? value)
    {
        var name = "p" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values.Add((name, value));
        return "$" + name;
    }

    /// <summary>A JSON pointer to one key of an object (<c>/name</c>, RFC 6901 escapes), as a parameter.</summary>
    public string Pointer(string key) => Add(PointerText(key));

    public static string PointerText(string key) => "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>A fresh lambda variable name, so nested lambdas never shadow each other.</summary>
    public string Variable() => "x" + (_lambdas++).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
