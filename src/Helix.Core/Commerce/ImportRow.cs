namespace Helix.Core.Commerce;

/// <summary>
/// One row of a table as a reader found it: values by the file's header names. A reader that could not
/// read the row cleanly (a broken quote, a wrong number of fields) says so in <paramref name="Problem"/>;
/// such a row is rejected, and with it its order when its order id can still be read.
/// </summary>
/// <param name="Number">The row's number as a spreadsheet shows it: the header is row 1.</param>
public sealed record ImportRow(long Number, IReadOnlyDictionary<string, string> Values, string? Problem = null);
