using Helix.Engine.Hosting;
using Helix.Testing;

namespace Helix.Engine.Tests.Hosting;

public sealed class DataDirectoryKeysTests
{
    [Fact]
    public void AuditKey_IsCreatedOnce_OwnerOnly_AndNotTheDigestKey()
    {
        using var directory = new TempDirectory("helix-keys");

        var first = DataDirectoryKeys.AuditKey(directory.Path);
        var again = DataDirectoryKeys.AuditKey(directory.Path);
        var digest = DataDirectoryKeys.IdentifierDigestKey(directory.Path);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, digest);
        var path = Path.Combine(directory.Path, DataDirectoryKeys.DirectoryName, DataDirectoryKeys.AuditFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void AuditKeyOfTheWrongLength_IsRefused()
    {
        using var directory = new TempDirectory("helix-keys");
        Directory.CreateDirectory(Path.Combine(directory.Path, DataDirectoryKeys.DirectoryName));
        File.WriteAllBytes(Path.Combine(directory.Path, DataDirectoryKeys.DirectoryName, DataDirectoryKeys.AuditFile), new byte[7]);

        Assert.Throws<InvalidDataException>(() => DataDirectoryKeys.AuditKey(directory.Path));
    }
}
