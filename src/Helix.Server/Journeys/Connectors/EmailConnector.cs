using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Helix.Core.Journeys.Delivery;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// Sends an HTML e-mail over SMTP (MailKit) to the person's <c>email</c> identifier: <c>subject</c> rendered as text,
/// <c>body</c> rendered with every value HTML-encoded. The Message-Id is derived from the delivery key, so every attempt
/// of one delivery carries the same id (mail clients collapse duplicates by it; SMTP servers do not deduplicate).
/// A 4xx reply, a timeout or no connection is retried; a 5xx reply or failed authentication is refused.
/// </summary>
internal sealed class EmailConnector(ConnectionRateLimits limits, TimeProvider time) : ConnectorBase(limits)
{
    public const int TimeoutMilliseconds = 30_000;

    public override string Name => "email";

    /// <summary>The Message-Id of a delivery (without angle brackets): a digest of its key at the sender's domain.</summary>
    public static string MessageId(string key, MailboxAddress from) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40]}@{from.Domain}";

    protected override async Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken)
    {
        if (request.Profile.Identifier("email") is not { } address || !MailboxAddress.TryParse(address, out var to))
        {
            return DeliveryOutcome.Reject("The person has no usable email identifier.");
        }

        if (!MailboxAddress.TryParse(Parameter(request, "from") ?? Setting(connection, "from"), out var from))
        {
            return DeliveryOutcome.Reject("The sender (the action's from, or the connection's) is not an e-mail address.");
        }

        var model = TemplateModel.For(request.Profile);
        var message = new MimeMessage
        {
            Subject = Render(request, "subject", model),
            MessageId = MessageId(request.Delivery.Key, from),
            Date = time.GetUtcNow(),
            Body = new BodyBuilder { HtmlBody = Render(request, "body", model, html: true) }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(to);
        return await SendAsync(connection, message, cancellationToken);
    }

    private static async Task<DeliveryOutcome> SendAsync(JourneyConnection connection, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = TimeoutMilliseconds };
        var host = Setting(connection, "host")!;
        try
        {
            await client.ConnectAsync(host, connection.Settings.GetProperty("port").GetInt32(), Security(connection), cancellationToken);
            if (Setting(connection, "username") is { } username)
            {
                await client.AuthenticateAsync(username, connection.Secrets["password"], cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            var error = $"{host} answered {(int)e.StatusCode}: {ConnectorHttp.Shorten(e.Message)}";
            return (int)e.StatusCode >= 500 ? DeliveryOutcome.Reject(error) : DeliveryOutcome.Retry(error);
        }
        catch (AuthenticationException e)
        {
            return DeliveryOutcome.Reject($"{host} refused the connection's username and password: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DeliveryOutcome.Retry($"{host} could not be reached or dropped the connection: {e.Message}");
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException)
        {
            // The server accepted the message; a failed QUIT does not undo that, and retrying would send it twice.
        }

        return DeliveryOutcome.Delivered(message.MessageId);
    }

    private static SecureSocketOptions Security(JourneyConnection connection) => Setting(connection, "security") switch
    {
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
