using System.Text;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>Strings in the order DuckDB sorts VARCHAR: by their UTF-8 bytes (code point order), unlike .NET's ordinal UTF-16 order.</summary>
internal sealed class Utf8Order : IComparer<string?>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y) =>
        x is null || y is null ? (x is null).CompareTo(y is null) * -1 : Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
}
