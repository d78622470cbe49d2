using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>Which way a path runs from its anchor.</summary>
public enum PathDirection
{
    /// <summary>The events after the anchor: where people go from it.</summary>
    Next,

    /// <summary>The events before it, nearest first: how people arrive at it.</summary>
    Previous,
}

/// <summary>
/// Paths from an anchor: each person's first <see cref="Anchor"/> event whose day is in the range (of persons in
/// <see cref="Segment"/> when given), then up to <see cref="Steps"/> track events after (or before) it in the store's
/// order, each at most <see cref="MaxGap"/> from the one before — a larger gap ends the path, as a session ends.
/// At each step the <see cref="Limit"/> most common events keep their name and the rest become <c>(other)</c>.
/// </summary>
public sealed record PathsQuery(
    AnalyticsRange Range, EventFilter Anchor, PathDirection Direction, int Steps, TimeSpan MaxGap, int Limit, Condition? Segment)
{
    public const int MaxSteps = 8;
    public const int MaxLimit = 50;
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxMaxGap = TimeSpan.FromDays(7);
}

/// <summary>One distinct path: the anchor's event name, the events that followed (or preceded) it, how many persons took it.</summary>
public sealed record RawPath(string Anchor, IReadOnlyList<string> Events, long Persons);

/// <summary>A node of the Sankey diagram: an event name at a step (0 = the anchor), or <c>(other)</c>, or <c>(end)</c>.</summary>
public sealed record PathNode(int Step, string Name, long Persons);

/// <summary>Persons who went from one node to the next step's node.</summary>
public sealed record PathLink(int Step, string From, string To, long Persons);

/// <summary>Paths as a Sankey diagram: nodes by step (most persons first), links between consecutive steps.</summary>
public sealed record PathsResult(long Persons, IReadOnlyList<PathNode> Nodes, IReadOnlyList<PathLink> Links)
{
    public const string Other = "(other)";
    public const string End = "(end)";
}
