namespace Helix.Core.Workspaces;

/// <summary>A brand's isolated space. Every stored row and every query carries one.</summary>
public readonly record struct WorkspaceId(string Value)
{
    public override string ToString() => Value;
}
