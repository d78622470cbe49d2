using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>A real SMTP server (SmtpServer) on a loopback port that keeps what it receives and answers as told.</summary>
internal sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private readonly Store _store;

    private LoopbackSmtp(int port, CancellationTokenSource stop, Task running, Store store)
    {
        Port = port;
        _stop = stop;
        _running = running;
        _store = store;
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received => _store.Received;

    /// <summary>The reply to each message's DATA (default 250).</summary>
    public SmtpResponse Reply { get => _store.Reply; set => _store.Reply = value; }

    public static async Task<LoopbackSmtp> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var store = new Store();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new SmtpServer.Net.EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => started.TrySetResult();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        await Task.WhenAny(started.Task, running);
        if (running.IsCompleted)
        {
            await running; // it failed to bind: throw why
        }

        return new LoopbackSmtp(port, stop, running, store);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public SmtpResponse Reply { get; set; } = SmtpResponse.Ok;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Reply.ReplyCode != SmtpReplyCode.Ok)
            {
                return Reply;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
