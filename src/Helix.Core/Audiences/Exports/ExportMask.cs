namespace Helix.Core.Audiences.Exports;

/// <summary>Which <see cref="Privacy.Masking"/> method a masked column goes through.</summary>
public enum ExportMask
{
    Phone,
    Email,
    Name,
    Address,
    IdNumber,

    /// <summary>The whole value becomes <c>****</c>: for a masked column none of the others fits.</summary>
    Hidden,
}
