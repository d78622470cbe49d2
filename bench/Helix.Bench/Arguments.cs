using System.Globalization;

namespace Helix.Bench;

/// <summary>The benchmarks' options: <c>--name value</c> pairs after the command, read with the invariant culture.</summary>
internal static class Arguments
{
    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) =>
        Value(args, name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static string? Text(string[] args, string name) => Value(args, name);

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
