using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Privacy.Consent;

public sealed class UnsubscribeTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Issued = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly UnsubscribeToken Token = new(new WorkspaceId("ws_a"), new PersonId("p_1"), new ConsentTopic("marketing", "email"), Issued);

    [Fact]
    public void SignedToken_VerifiesBack_UntilItExpires()
    {
        var text = Token.Sign(Key);

        Assert.Equal(Token, UnsubscribeToken.Verify(text, Key, Issued.AddDays(30)));
        Assert.Null(UnsubscribeToken.Verify(text, Key, Issued + UnsubscribeToken.Lifetime + TimeSpan.FromSeconds(1)));
        Assert.Null(UnsubscribeToken.Verify(text, Key, Issued.AddHours(-1)));
    }

    [Fact]
    public void AnotherKey_OrAnyChangedCharacter_FailsVerification()
    {
        var text = Token.Sign(Key);
        var otherKey = Key.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.Null(UnsubscribeToken.Verify(text, otherKey, Issued));
        for (var i = 0; i < text.Length; i++)
        {
            var changed = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            Assert.Null(UnsubscribeToken.Verify(changed, Key, Issued));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_IsNotAToken(string? text) => Assert.Null(UnsubscribeToken.Verify(text, Key, Issued));
}
