using System.Text.Json;

namespace Helix.Cli.Offline;

/// <summary>The rejected-rows report of an import: one JSON object a line, created only when something is rejected.</summary>
internal sealed class RejectedFile(string path) : IAsyncDisposable
{
    private StreamWriter? _writer;

    public string Path { get; } = path;

    public long Written { get; private set; }

    public void Write(object entry)
    {
        _writer ??= new StreamWriter(Path, append: false);
        _writer.WriteLine(JsonSerializer.Serialize(entry));
        Written++;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
    }
}
