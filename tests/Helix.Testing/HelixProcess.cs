using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Helix.Testing;

/// <summary>
/// The real <c>helix</c> binary as a child process. <see cref="StartAsync"/> returns when the process
/// prints its ready line; <see cref="Kill"/> is <c>kill -9</c>. Output is kept for failure messages.
/// </summary>
public sealed class HelixProcess : IAsyncDisposable
{
    /// <summary>Printed by <c>helix serve</c> once it accepts requests.</summary>
    public const string ReadyMarker = "Helix is ready on ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HelixProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The built <c>helix.dll</c>, found beside the test assembly's build tree.</summary>
    public static string CliPath(string configuration = "Release")
    {
        var root = RepositoryRoot();
        var path = Path.Combine(root, "src", "Helix.Cli", "bin", configuration, "net10.0", "linux-x64", "helix.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/Helix.Cli ({configuration}) first; not found: {path}");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Helix.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Helix.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A free loopback port below the ephemeral range, so no outgoing connection takes it before the child binds it.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = attempt < 50 ? Random.Shared.Next(32_000, 32_700) : 0;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (SocketException) when (port != 0)
            {
            }
        }
    }

    /// <summary>Runs <c>helix serve</c> on a free loopback port with the given bootstrap keys.</summary>
    public static async Task<HelixProcess> StartAsync(string dataDirectory, string adminKey, string writeKey, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliPath(), "serve", "--data", dataDirectory, "--urls", url })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HELIX_BOOTSTRAP_ADMIN_KEY"] = adminKey;
        info.Environment["HELIX_BOOTSTRAP_WRITE_KEY"] = writeKey;
        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var helix = new HelixProcess(process, new Uri(url));
        process.OutputDataReceived += (_, e) => helix.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => helix.Capture(e.Data);
        process.Exited += (_, _) => helix._ready.TrySetException(new InvalidOperationException("helix exited before it was ready:\n" + helix.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await helix._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            helix.Kill();
            throw new TimeoutException("helix did not become ready:\n" + helix.Output);
        }

        return helix;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or an OOM kill does.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Kills the process if it still runs (tests that need a graceful stop use the in-process server).</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains(ReadyMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
