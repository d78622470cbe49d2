using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary><c>in segment("high_value")</c>: the person is a member of another segment (names follow the tag name rule).</summary>
public sealed record SegmentReferenceCondition(string Segment) : Condition;
