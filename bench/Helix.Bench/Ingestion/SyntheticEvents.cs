using System.Globalization;
using System.Text;

namespace Helix.Bench.Ingestion;

/// <summary>Segment track messages of a realistic size (~350 bytes), the same for the system run and the baseline.</summary>
internal static class SyntheticEvents
{
    private static readonly string[] Names = ["Product Viewed", "Product Added", "Order Completed", "Coupon Received", "Page Viewed"];
    private static readonly string[] Categories = ["零食", "饮料", "坚果", "糕点", "礼盒"];

    public sealed record Event(string MessageId, string UserId, string Name, DateTimeOffset Timestamp, string PropertiesJson);

    public static Event At(int i, int users, DateTimeOffset start)
    {
        var user = (int)((uint)(i * 2654435761u) % (uint)users);
        var properties = string.Create(CultureInfo.InvariantCulture,
            $$"""{"product_id":"SKU-{{i % 997:0000}}","category":"{{Categories[i % Categories.Length]}}","price":{{(i % 200) + 9.9:0.00}},"quantity":{{1 + i % 3}},"currency":"CNY"}""");
        return new Event($"bench-{i:D9}", $"M{user:D8}", Names[i % Names.Length], start.AddMilliseconds(i * 10L), properties);
    }

    public static string ToJson(Event e) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"type":"track","messageId":"{{{e.MessageId}}}","userId":"{{{e.UserId}}}","event":"{{{e.Name}}}","timestamp":"{{{e.Timestamp:O}}}","properties":{{{e.PropertiesJson}}},"context":{"library":{"name":"helix-bench","version":"1.0"},"ip":"127.0.0.1"}}""");

    /// <summary>A <c>/v1/batch</c> body for events [first, first + count).</summary>
    public static byte[] BatchBody(int first, int count, int users, DateTimeOffset start) =>
        BatchBody(Enumerable.Range(first, count).Select(i => ToJson(At(i, users, start))));

    /// <summary>A <c>/v1/batch</c> body of the given messages (JSON objects), in order.</summary>
    public static byte[] BatchBody(IEnumerable<string> messages) =>
        Encoding.UTF8.GetBytes(new StringBuilder("{\"batch\":[").AppendJoin(',', messages).Append("]}").ToString());
}
