namespace Helix.Server.Problems;

/// <summary>The <c>limit</c> and <c>cursor</c> of a paged list, checked alike by every list endpoint.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public delegate bool CursorParser<T>(string? text, out T cursor);

    /// <returns>A problem naming <c>limit</c> or <c>cursor</c>; or null, with the page size and the cursor to start after (null for the first page).</returns>
    public static IResult? Read<T>(int? limit, string? cursor, CursorParser<T> parse, out int size, out T? after)
        where T : struct
    {
        after = null;
        if (Size(limit, out size) is { } problem)
        {
            return problem;
        }

        if (cursor is null)
        {
            return null;
        }

        if (!parse(cursor, out var parsed))
        {
            return ProblemResults.Field("cursor", "is not a cursor returned by this endpoint");
        }

        after = parsed;
        return null;
    }

    /// <returns>A problem naming <c>limit</c>; or null, with the page size (the default when none is given).</returns>
    public static IResult? Size(int? limit, out int size)
    {
        size = limit ?? DefaultPageSize;
        return size is < 1 or > MaxPageSize ? ProblemResults.Field("limit", $"must be between 1 and {MaxPageSize}") : null;
    }
}
