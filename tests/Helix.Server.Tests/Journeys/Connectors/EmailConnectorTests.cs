using Helix.Core.Journeys.Delivery;
using Helix.Server.Journeys.Connectors;
using MimeKit;
using SmtpServer.Protocol;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>The e-mail connector against a real SMTP server on loopback: the message, its Message-Id, HTML escaping and SMTP replies.</summary>
public sealed class EmailConnectorTests : IAsyncLifetime
{
    private const string Parameters = """{"connection": "mail", "subject": "Hi {{ traits.first_name }}", "body": "<p>Hello <b>{{ traits.first_name }}</b>{{ traits.nope }}</p>"}""";
    private readonly ConnectorWorld _world = new();
    private LoopbackSmtp _smtp = null!;

    public async Task InitializeAsync() => _smtp = await LoopbackSmtp.StartAsync();

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        _world.Dispose();
    }

    [Fact]
    public async Task Delivered_ToTheEmailIdentifier_WithKeyDerivedMessageId_AndHtmlEncodedValues()
    {
        var profile = ConnectorWorld.Profile("""{"first_name": "<script>alert('x')</script> & Zoë"}""", ("email", "zoe@example.com"));
        var request = ConnectorWorld.Request(Connection(_smtp.Port), Parameters, profile, key: "care:p_1:3:mail");

        var outcome = await _world.Connector("email").DeliverAsync(request, CancellationToken.None);

        var message = Assert.Single(_smtp.Received);
        Assert.Equal(message.MessageId, Assert.IsType<DeliveredOutcome>(outcome).ExternalId);
        Assert.Equal(EmailConnector.MessageId("care:p_1:3:mail", MailboxAddress.Parse("news@brand.example")), message.MessageId);
        Assert.EndsWith("@brand.example", message.MessageId, StringComparison.Ordinal);
        Assert.Equal(("zoe@example.com", "news@brand.example"), (message.To.Mailboxes.Single().Address, message.From.Mailboxes.Single().Address));
        Assert.Equal("Hi <script>alert('x')</script> & Zoë", message.Subject);
        Assert.Equal("<p>Hello <b>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Zo&#xEB;</b></p>", message.HtmlBody);
    }

    [Fact]
    public void SameKey_SameMessageId_OtherKey_Another()
    {
        var from = MailboxAddress.Parse("news@brand.example");

        Assert.Equal(EmailConnector.MessageId("k1", from), EmailConnector.MessageId("k1", from));
        Assert.NotEqual(EmailConnector.MessageId("k1", from), EmailConnector.MessageId("k2", from));
    }

    [Theory]
    [InlineData(451, true)]
    [InlineData(452, true)]
    [InlineData(550, false)]
    [InlineData(554, false)]
    public async Task AnSmtpReply_IsRetriedWhen4xx_RefusedWhen5xx(int code, bool retryable)
    {
        _smtp.Reply = new SmtpResponse((SmtpReplyCode)code, "not now");
        var request = ConnectorWorld.Request(Connection(_smtp.Port), Parameters, ConnectorWorld.Profile("{}", ("email", "zoe@example.com")));

        var outcome = await _world.Connector("email").DeliverAsync(request, CancellationToken.None);

        Assert.Equal(retryable, Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task NoServer_IsRetried_NoAddress_IsRefused()
    {
        var refusedPort = new Uri(ConnectorWorld.RefusedUrl()).Port;
        var noServer = ConnectorWorld.Request(Connection(refusedPort), Parameters, ConnectorWorld.Profile("{}", ("email", "zoe@example.com")));
        var noAddress = ConnectorWorld.Request(Connection(_smtp.Port), Parameters, ConnectorWorld.Profile("{}", ("phone", "+8613800000000")));

        var down = await _world.Connector("email").DeliverAsync(noServer, CancellationToken.None);
        var nobody = await _world.Connector("email").DeliverAsync(noAddress, CancellationToken.None);

        Assert.True(Assert.IsType<FailedOutcome>(down).Retryable);
        Assert.False(Assert.IsType<FailedOutcome>(nobody).Retryable);
        Assert.Empty(_smtp.Received);
    }

    private static JourneyConnection Connection(int port) =>
        ConnectorWorld.Connection("email", $$"""{"host": "127.0.0.1", "port": {{port}}, "from": "Brand <news@brand.example>", "security": "none"}""");
}
