using FsCheck.Xunit;
using Helix.Core.Privacy.Consent;

namespace Helix.Core.Tests.Privacy.Consent;

public sealed class ConsentStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ConsentTopic Marketing = new("marketing", null);
    private static readonly ConsentTopic Sms = new("marketing", "sms");
    private static readonly ConsentTopic Email = new("marketing", "email");
    private static readonly ConsentTopic Profiling = new("profiling", null);

    [Fact]
    public void NoStatement_MeansNoConsent()
    {
        Assert.False(ConsentState.Empty.Allows(Sms));
        Assert.Null(ConsentState.Empty.Deciding(Marketing));
    }

    [Fact]
    public void PurposeWideGrant_AllowsEveryChannel_UntilANarrowerLaterWithdrawal()
    {
        var state = ConsentState.Of([Say(Marketing, true, 0), Say(Sms, false, 1)]);

        Assert.True(state.Allows(Marketing));
        Assert.True(state.Allows(Email));
        Assert.False(state.Allows(Sms));
        Assert.False(state.Allows(Profiling));
    }

    [Fact]
    public void LaterPurposeWideWithdrawal_OverridesEarlierChannelGrants_AndALaterGrantAllowsAgain()
    {
        var withdrawn = ConsentState.Of([Say(Sms, true, 0), Say(Email, true, 0), Say(Marketing, false, 1)]);
        var again = ConsentState.Of([Say(Sms, true, 0), Say(Marketing, false, 1), Say(Sms, true, 2)]);

        Assert.False(withdrawn.Allows(Sms));
        Assert.False(withdrawn.Allows(Email));
        Assert.True(again.Allows(Sms));
        Assert.False(again.Allows(Email));
    }

    [Fact]
    public void SameTime_LaterLogPositionWins_AndOnATieTheChannelStatementDecides()
    {
        Assert.False(ConsentState.Of([Say(Sms, true, 0, position: 1), Say(Sms, false, 0, position: 2)]).Allows(Sms));
        Assert.False(ConsentState.Of([Say(Marketing, true, 0, position: 5), Say(Sms, false, 0, position: 5)]).Allows(Sms));
    }

    [Fact]
    public void EventTime_NotArrival_Orders_AnOldStatementArrivingLateChangesNothing()
    {
        var state = ConsentState.Of([Say(Sms, false, 5, position: 1), Say(Sms, true, 2, position: 9)]);

        Assert.False(state.Allows(Sms));
        Assert.Equal(1, state.Deciding(Sms)!.Position);
    }

    /// <summary>The fold orders statements itself: any arrival order gives the same decisions.</summary>
    [Property(MaxTest = 300)]
    public bool AnyOrder_GivesTheSameDecisions(int seed)
    {
        var random = new Random(seed);
        ConsentTopic[] topics = [Marketing, Sms, Email, Profiling, new("marketing", "wechat")];
        var statements = Enumerable.Range(0, random.Next(1, 30))
            .Select(i => Say(topics[random.Next(topics.Length)], random.Next(2) == 0, random.Next(6), position: i))
            .ToList();
        var shuffled = statements.OrderBy(_ => random.Next()).ToList();

        var (a, b) = (ConsentState.Of(statements), ConsentState.Of(shuffled));
        return topics.All(t => a.Allows(t) == b.Allows(t) && a.Deciding(t) == b.Deciding(t)) && a.Current.SequenceEqual(b.Current);
    }

    private static ConsentStatement Say(ConsentTopic topic, bool granted, int day, long position = 0) =>
        new(topic, granted, T0.AddDays(day), "test", $"m{position}", position == 0 ? day : position);
}
