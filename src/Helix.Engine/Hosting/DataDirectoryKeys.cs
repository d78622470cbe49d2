using System.Security.Cryptography;

namespace Helix.Engine.Hosting;

/// <summary>
/// Secrets an installation keeps beside its data, under <c>keys/</c> of the data directory, readable by the
/// owner only. Back them up with the data directory: a restored directory without its keys cannot suppress
/// the identifiers of persons erased before.
/// </summary>
public static class DataDirectoryKeys
{
    public const string DirectoryName = "keys";
    public const string IdentifierDigestFile = "identifier-digest.key";
    public const string AuditFile = "audit.key";
    public const string UnsubscribeFile = "unsubscribe.key";
    public const string PiiMasterFile = "pii-master.key";
    private const int KeyBytes = 32;

    /// <summary>The key of erased identifiers' digests; created (random, durable) on first use.</summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a 32-byte key.</exception>
    public static byte[] IdentifierDigestKey(string dataDirectory) => ReadOrCreate(dataDirectory, IdentifierDigestFile);

    /// <summary>The key of the audit log's hash chain; created (random, durable) on first use.</summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a 32-byte key.</exception>
    public static byte[] AuditKey(string dataDirectory) => ReadOrCreate(dataDirectory, AuditFile);

    /// <summary>The key that signs unsubscribe links; created (random, durable) on first use. Replacing it voids every link sent.</summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a 32-byte key.</exception>
    public static byte[] UnsubscribeKey(string dataDirectory) => ReadOrCreate(dataDirectory, UnsubscribeFile);

    /// <summary>
    /// The master key that workspace keys derive from, which wrap persons' data keys; created (random, durable) on first use.
    /// Losing it makes every sealed value unreadable: back it up apart from the data, as docs/privacy.md says.
    /// </summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a 32-byte key.</exception>
    public static byte[] PiiMasterKey(string dataDirectory) => ReadOrCreate(dataDirectory, PiiMasterFile);

    private static byte[] ReadOrCreate(string dataDirectory, string fileName)
    {
        var directory = Path.Combine(dataDirectory, DirectoryName);
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            var temporary = path + ".new";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, options))
            {
                file.Write(RandomNumberGenerator.GetBytes(KeyBytes));
                file.Flush(flushToDisk: true);
            }

            // Never replace a key another process created meanwhile: its digests or hashes may already be stored.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var key = File.ReadAllBytes(path);
        return key.Length == KeyBytes
            ? key
            : throw new InvalidDataException($"{path} holds {key.Length} bytes, not a {KeyBytes}-byte key. Restore it from the data directory's backup.");
    }
}
