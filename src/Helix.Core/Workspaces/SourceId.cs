namespace Helix.Core.Workspaces;

/// <summary>A channel of a workspace (Tmall store, mini program, POS…) with its own write key.</summary>
public readonly record struct SourceId(string Value)
{
    public override string ToString() => Value;
}
