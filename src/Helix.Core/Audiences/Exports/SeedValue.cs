namespace Helix.Core.Audiences.Exports;

/// <summary>A normalised identifier, or why there is none (<see cref="ExportSkipReason.Missing"/>, <see cref="ExportSkipReason.Invalid"/> or <see cref="ExportSkipReason.ZeroDeviceId"/>).</summary>
public readonly record struct SeedValue(string? Value, ExportSkipReason? Skipped)
{
    public static SeedValue Of(string value) => new(value, null);

    public static SeedValue Skip(ExportSkipReason reason) => new(null, reason);
}
