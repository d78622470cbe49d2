namespace Helix.Core.Privacy.Encryption;

/// <summary>
/// Wraps and unwraps persons' data keys with a workspace's key, which never leaves the provider: a local key
/// file by default, a KMS (whose wrap and unwrap calls have this shape) where an installation has one.
/// </summary>
public interface IWorkspaceKeyProvider
{
    byte[] Wrap(string workspace, ReadOnlySpan<byte> dataKey);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The wrapped key was not made by this provider for this workspace.</exception>
    byte[] Unwrap(string workspace, ReadOnlySpan<byte> wrappedKey);
}
