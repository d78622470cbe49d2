using System.Text;

namespace Helix.Server.Identity;

/// <summary>Reads a request body as text, refusing one larger than a limit instead of buffering it all.</summary>
internal static class RequestText
{
    /// <returns>The body, or null when it is larger than <paramref name="maxChars"/> or than the server's body limit.</returns>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxChars)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[maxChars + 1];
        int length;
        try
        {
            length = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return length > maxChars ? null : new string(buffer, 0, length);
    }
}
