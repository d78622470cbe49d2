namespace Helix.Bench.Hosting;

/// <summary>A fresh directory under the system's temp path, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"helix-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
