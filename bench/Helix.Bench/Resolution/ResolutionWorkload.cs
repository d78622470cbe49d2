using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Bench.Ingestion;

namespace Helix.Bench.Resolution;

/// <summary>One message of the workload at its place in the stream, with its identity-free twin.</summary>
/// <param name="Merge">Set when the message joins two persons that were separate until then: what shows the merge.</param>
/// <param name="TwinProbe">What shows that the twin is applied: its visitor has at least as many events as the twin is the visitor's nth.</param>
internal sealed record ResolutionMessage(string Json, string TwinJson, bool Trusted, Probe? Merge, Probe TwinProbe);

/// <summary>
/// An identity-heavy stream of Segment messages, deterministic from a seed. Each customer first appears
/// anonymously — a browser cookie, an app with an advertising id, a WeChat mini program with an OpenID
/// in <c>context.externalIds</c> — each of which becomes a person of its own. Four in five then log in:
/// the web login (untrusted source) links the user id; the CRM (trusted) links phone, e-mail and member
/// id; the app login merges the app's person via the user id; the mini program's server-side login
/// (trusted: phone is a high-trust type) merges the mini program's person via the phone and links the
/// UnionID; a second browser merges via the user id. Then known-customer tracks.
/// <para>
/// Customers run in <c>slots</c> interleaved streams, one message from each slot a round, so
/// consecutive messages of one customer are exactly a slot count apart: more than the clients keep in
/// flight, so concurrent sending does not reorder a customer's messages. The twin of each message has the same type, name, properties, time and
/// source, but only one identifier, the customer's visitor id: the same stream without identity
/// resolution (no links beyond the first, no merges).
/// </para>
/// </summary>
internal static class ResolutionWorkload
{
    /// <summary>Slot j starts its first full customer in round j mod this, so logins and merges are spread evenly from the start.</summary>
    private const int StaggerRounds = 8;

    private const string MiniProgramAppId = "wxbench0001";

    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄婷"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ResolutionMessage[] Generate(int count, int seed, int slots)
    {
        var random = new Random(seed);
        var messages = new ResolutionMessage[count];
        var active = new (int Customer, List<Step>? Steps, int Next)[slots];
        var customers = 0;
        var emitted = 0;
        for (var round = 0; emitted < count; round++)
        {
            for (var slot = 0; slot < slots && emitted < count; slot++)
            {
                ref var current = ref active[slot];
                if (current.Steps is null || current.Next == current.Steps.Count)
                {
                    // A slot's first customers until its stagger round are one-page visitors, so every round is full.
                    current = (customers, round < slot % StaggerRounds ? [new Step("track", "Page Viewed", null, Id("web-", customers), false)] : Customer(customers, random), 0);
                    customers++;
                }

                var step = current.Steps![current.Next++];
                var visitor = Visitor(current.Customer);
                messages[emitted] = new ResolutionMessage(
                    Render(step, emitted, visitor: null), Render(step, emitted, visitor), step.Trusted, step.Merge,
                    new Probe("anonymous_id", visitor, MinEvents: current.Next));
                emitted++;
            }
        }

        return messages;
    }

    private static string Visitor(int customer) => Id("v-", customer);

    private static string Id(string prefix, int customer) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{customer:x7}");

    private sealed record Step(string Type, string? Event, string? UserId, string? AnonymousId, bool Trusted)
    {
        public (string Type, string AdvertisingId)? Device { get; init; }
        public (string Type, string Id)[] ExternalIds { get; init; } = [];
        public (string Name, string? Phone, string? Email, string? MemberId)? Traits { get; init; }
        public Probe? Merge { get; init; }
    }

    private static List<Step> Customer(int c, Random random)
    {
        string Named(string prefix) => Id(prefix, c);
        var web = Named("web-");
        var appAnonymous = Named("app-");
        var miniProgramAnonymous = Named("mp-");
        var user = Named("U");
        var phone = string.Create(CultureInfo.InvariantCulture, $"13{c:D9}");
        var normalizedPhone = "+86" + phone;
        var email = Named("c") + "@bench.example";
        var name = Names[random.Next(Names.Length)];
        var identified = random.NextDouble() < 0.8;
        var hasApp = random.NextDouble() < 0.7;
        var hasMiniProgram = random.NextDouble() < 0.6;
        var secondBrowser = random.NextDouble() < 0.35;
        var ios = random.Next(2) == 0;
        var device = (Type: ios ? "ios" : "android", AdvertisingId: NewGuid(random).ToUpperInvariant());
        var openId = Named("o") + NewGuid(random)[..12];
        var unionId = Named("un") + NewGuid(random)[..12];

        var steps = new List<Step>();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            steps.Add(new Step("track", "Page Viewed", null, web, false));
        }

        if (hasApp)
        {
            for (var i = random.Next(1, 3); i > 0; i--)
            {
                steps.Add(new Step("track", "Product Viewed", null, appAnonymous, false) { Device = device });
            }
        }

        if (hasMiniProgram)
        {
            steps.Add(new Step("track", "Product Viewed", null, miniProgramAnonymous, false) { ExternalIds = [("wechat_openid", openId)] });
        }

        if (!identified)
        {
            for (var i = random.Next(1, 3); i > 0; i--)
            {
                steps.Add(new Step("track", "Product Added", null, web, false));
            }

            return steps;
        }

        // The browser's login carries the phone too, but from an untrusted source it links nothing but the user id.
        steps.Add(new Step("identify", null, user, web, false) { Traits = (name, phone, email, null) });
        steps.Add(new Step("identify", null, user, null, true) { Traits = (name, phone, email, Named("M")) });
        if (hasApp)
        {
            steps.Add(new Step("identify", null, user, appAnonymous, false)
            {
                Device = device,
                Merge = new Probe(ios ? "idfa" : "oaid", device.AdvertisingId, "user_id", user),
            });
        }

        if (hasMiniProgram)
        {
            steps.Add(new Step("identify", null, null, miniProgramAnonymous, true)
            {
                Traits = (name, phone, null, null),
                ExternalIds = [("wechat_openid", openId), ("wechat_unionid", unionId)],
                Merge = new Probe("wechat_openid", $"{MiniProgramAppId}/{openId}", "phone", normalizedPhone),
            });
        }

        if (secondBrowser)
        {
            var otherBrowser = Named("web2-");
            steps.Add(new Step("track", "Page Viewed", null, otherBrowser, false));
            steps.Add(new Step("identify", null, user, otherBrowser, false) { Merge = new Probe("anonymous_id", otherBrowser, "user_id", user) });
        }

        for (var i = random.Next(1, 4); i > 0; i--)
        {
            steps.Add(hasApp
                ? new Step("track", "Order Completed", user, appAnonymous, false) { Device = device }
                : new Step("track", "Order Completed", user, web, false));
        }

        return steps;
    }

    private static string NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    /// <summary>The message at <paramref name="position"/>; with a <paramref name="visitor"/>, its identity-free twin.</summary>
    private static string Render(Step step, int position, string? visitor)
    {
        var synthetic = SyntheticEvents.At(position, 1, Start);
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", step.Type);
            json.WriteString("messageId", synthetic.MessageId);
            if (visitor is not null)
            {
                json.WriteString("anonymousId", visitor);
            }
            else
            {
                if (step.UserId is not null)
                {
                    json.WriteString("userId", step.UserId);
                }

                if (step.AnonymousId is not null)
                {
                    json.WriteString("anonymousId", step.AnonymousId);
                }
            }

            if (step.Event is not null)
            {
                json.WriteString("event", step.Event);
                json.WritePropertyName("properties");
                json.WriteRawValue(synthetic.PropertiesJson);
            }

            json.WriteString("timestamp", synthetic.Timestamp);
            if (step.Traits is { } traits)
            {
                json.WriteStartObject("traits");
                json.WriteString("name", traits.Name);
                if (visitor is null)
                {
                    WriteIfSet(json, "phone", traits.Phone);
                    WriteIfSet(json, "email", traits.Email);
                    WriteIfSet(json, "member_id", traits.MemberId);
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("context");
            json.WriteStartObject("library");
            json.WriteString("name", "helix-bench");
            json.WriteString("version", "1.0");
            json.WriteEndObject();
            json.WriteString("ip", "127.0.0.1");
            if (visitor is null && step.Device is { } device)
            {
                json.WriteStartObject("device");
                json.WriteString("type", device.Type);
                json.WriteString("advertisingId", device.AdvertisingId);
                json.WriteEndObject();
            }

            if (visitor is null && step.ExternalIds.Length > 0)
            {
                json.WriteStartArray("externalIds");
                foreach (var (type, id) in step.ExternalIds)
                {
                    json.WriteStartObject();
                    json.WriteString("id", id);
                    json.WriteString("type", type);
                    json.WriteString("collection", "users");
                    json.WriteString("appId", MiniProgramAppId);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
