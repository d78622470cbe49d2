using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.Privacy.Consent;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// A refused <c>profiling</c> consent (PIPL art. 24: the right to refuse automated profiling for personalised
/// marketing). While the person's deciding statement on <c>profiling</c> is a refusal, they hold no tags and no model
/// values; a later grant lets the next evaluation derive the rule tags again. A person who never said anything about
/// profiling is tagged: the brand's lawful basis covers it until the person objects (docs/privacy.md, Consent).
/// The statement is folded for every workspace, with or without definitions, so tags defined later never reach them.
/// </summary>
public sealed partial class FactBook
{
    private static readonly ConsentTopic ProfilingTopic = new(ConsentTopic.Profiling, null);
    private readonly Dictionary<(WorkspaceId, PersonId, string), SegmentHistoryEntry> _scheduledExits = [];

    /// <summary>
    /// Exits from scheduled segments of persons evaluated while refusing profiling, since the last call: the store
    /// applies each to a stored scheduled membership, and ignores it where the person is not a member.
    /// </summary>
    public IReadOnlyList<SegmentHistoryEntry> TakeScheduledExits()
    {
        var exits = _scheduledExits.Values.ToList();
        _scheduledExits.Clear();
        return exits;
    }

    /// <summary>The person's deciding statement on <c>profiling</c>; null when they never made one.</summary>
    public ConsentStatement? ProfilingOf(WorkspaceId workspace, PersonId person) =>
        _persons.TryGetValue((workspace, person), out var facts) ? facts.Profiling : null;

    /// <summary>Folds a <c>Consent Updated</c> event's profiling statement: the later one (event time, then log position) decides, whatever order they arrive in.</summary>
    private void ObserveConsent(CollectedMessage message, (WorkspaceId, PersonId) key, long position)
    {
        if (message.Type != MessageType.Track || message.Event != ConsentEvent.Name)
        {
            return;
        }

        var statements = ConsentEvent.Read(message.Properties, message.Timestamp, message.SourceId.Value, message.MessageId, position);
        if (ConsentState.Of(statements).Deciding(ProfilingTopic) is not { } deciding)
        {
            return;
        }

        var facts = Facts(key);
        if (facts.Profiling is not { } current || deciding.IsLaterThan(current))
        {
            facts.Profiling = deciding;
            _changed.Add(key);
        }
    }

    /// <summary>A refusing person's model values go too: keeping them would keep the profile they refused.</summary>
    private void DropModelValues((WorkspaceId, PersonId) key, PersonFacts facts)
    {
        if (facts.ModelTags.Count > 0)
        {
            facts.ModelTags.Clear();
            _changed.Add(key);
        }
    }

    /// <summary>
    /// Scheduled members are stored, not folded here, so a refusing person is asked out of every scheduled segment;
    /// recomputes leave them out until a grant (static segments are explicit lists, not profiling, and stay).
    /// </summary>
    private void LeaveScheduled((WorkspaceId Workspace, PersonId Person) key, SegmentPlan plan, DateTimeOffset now, long position, string reason)
    {
        foreach (var segment in plan.Ordered)
        {
            if (segment.Mode == SegmentMode.Scheduled)
            {
                _scheduledExits[(key.Workspace, key.Person, segment.Name)] = new SegmentHistoryEntry(key.Workspace, key.Person, segment.Name, false, now, position, reason);
            }
        }
    }

    private static string RefusalReason(ConsentStatement refusal) => $"consent profiling refused (event {refusal.MessageId})";
}
