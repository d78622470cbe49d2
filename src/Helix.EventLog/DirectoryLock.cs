using System.Globalization;
using System.Text;

namespace Helix.EventLog;

/// <summary>
/// An exclusive lock on a log directory, held through an open lock file. .NET takes an exclusive
/// flock(2) for <see cref="FileShare.None"/> on Unix (a share-mode lock on Windows), so the lock holds
/// across processes and between two instances in one process, and the OS releases it when the process
/// dies, kill -9 included. The lock file is never deleted: deleting it would race with a new owner.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = "LOCK";

    private readonly FileStream _file;

    private DirectoryLock(FileStream file) => _file = file;

    /// <exception cref="EventLogLockedException">Another owner holds the lock.</exception>
    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            throw new EventLogLockedException(directory, path, e);
        }

        try
        {
            // For people investigating a locked directory (cat LOCK); the lock itself is the open file.
            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return new DirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();

    // Linux reports EWOULDBLOCK (11) and macOS EWOULDBLOCK (35) as the HResult; Windows a sharing or lock violation.
    private static bool IsLockConflict(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 32 or 33
        : e.HResult is 11 or 35;
}
