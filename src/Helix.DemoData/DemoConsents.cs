using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>
/// What members tick on the membership forms: most allow SMS offers, fewer e-mail, nearly all profiling, about half
/// personalised ads; following the official account allows its messages; a few later untick SMS on another channel's
/// form. Decided per customer from the seed, not from the behaviour generator, so consents move no one's sessions.
/// </summary>
internal static class DemoConsents
{
    /// <summary>The <see cref="PlannedEvent.Detail"/> of a <see cref="EventKind.ConsentUpdated"/>: where it was stated.</summary>
    public const int Registration = 0, Follow = 1, LaterRegistration = 2;

    /// <summary>Seeds.For purposes 1000+: one per question on the form, apart from the profile's and behaviour's.</summary>
    private const int Questions = 1000;

    public static JsonObject Properties(int moment, CustomerProfile customer, int seed, string source)
    {
        var showcase = customer.Index == 0;
        bool Chance(int question, int percent) => showcase || Seeds.For(seed, customer.Index, Questions + question) % 100 < percent;
        var sms = Chance(0, 85);
        var unticksSmsLater = !showcase && !Chance(1, 94);
        var statements = moment switch
        {
            Follow => new JsonArray(Statement("marketing", "wechat", true)),
            LaterRegistration => new JsonArray(Statement("marketing", "sms", sms && !unticksSmsLater)),
            _ => new JsonArray(Statement("marketing", "sms", sms), Statement("marketing", "email", Chance(2, 40)),
                Statement("profiling", null, Chance(3, 96)),
                Statement("advertising", null, Chance(4, 55))),
        };
        return new JsonObject { ["consents"] = statements, ["source"] = source };
    }

    private static JsonObject Statement(string purpose, string? channel, bool granted)
    {
        var statement = new JsonObject { ["purpose"] = purpose };
        if (channel is not null)
        {
            statement["channel"] = channel;
        }

        statement["granted"] = granted;
        return statement;
    }
}
