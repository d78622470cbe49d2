namespace Helix.Core.Commerce;

/// <summary>Why a row was not imported: the table, the row number, the file's column header and the reason.</summary>
/// <param name="Column">The header as the file spells it; <c>*</c> when the whole row could not be read.</param>
public sealed record RowError(OrderTable Table, long Row, string Column, string Reason);
