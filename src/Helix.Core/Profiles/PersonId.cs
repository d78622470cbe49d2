using System.Security.Cryptography;
using System.Text;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// A unified customer. Ids are derived from the message that first created the person, so replaying
/// the same log yields the same ids, and they reveal nothing about the person's identifiers.
/// </summary>
public readonly record struct PersonId(string Value)
{
    public static PersonId ForFirstMessage(WorkspaceId workspace, string messageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{workspace.Value}\n{messageId}"));
        return new PersonId("p_" + Convert.ToHexStringLower(hash.AsSpan(0, 10)));
    }

    public override string ToString() => Value;
}
