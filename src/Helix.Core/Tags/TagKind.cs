namespace Helix.Core.Tags;

/// <summary>How a tag gets onto a person: assigned from outside (list, model) or computed from facts (rule, value).</summary>
public enum TagKind
{
    List,
    Rule,
    Value,
    Model,
}
