namespace Helix.Core.Profiles.Facts;

/// <summary>What a <see cref="FactRecord"/> changes.</summary>
public enum FactRecordKind
{
    /// <summary>A new version of the workspace's live computed traits and tag catalog.</summary>
    Definitions,

    /// <summary>Identifiers added to (or replacing) an imported list tag's members.</summary>
    TagList,

    /// <summary>A model run's values for a model tag, per person (RFM group, lifecycle stage…).</summary>
    ModelTags,
}
