namespace Helix.Core.Tags;

public enum TagChangeKind
{
    Gained,
    Lost,
    Changed,
}
