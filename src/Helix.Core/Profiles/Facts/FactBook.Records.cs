using System.Buffers;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>Fact records from the log: a new definitions version, a list import, a model run.</summary>
public sealed partial class FactBook
{
    /// <summary>
    /// Puts a new definitions version in force at <paramref name="position"/>. Computed traits that are
    /// new or changed are built from <paramref name="history"/> (every stored event of the workspace before
    /// the record, with its current owner) — the one time history is read; removed ones are dropped. Then
    /// every person of the workspace is evaluated, so tags of the new catalog appear and removed ones are lost.
    /// </summary>
    public void Define(WorkspaceId workspace, ProfileDefinitions definitions, Func<IEnumerable<(PersonId Owner, CollectedMessage Message)>> history, long position, DateTimeOffset at)
    {
        var book = Workspace(workspace);
        var old = book.Definitions.FoldedTraits.ToDictionary(d => d.Name, Canonical, StringComparer.Ordinal);
        var rebuilt = definitions.FoldedTraits.Where(d => !old.TryGetValue(d.Name, out var json) || json != Canonical(d)).ToList();
        var kept = definitions.FoldedTraits.Select(d => d.Name).Except(rebuilt.Select(d => d.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var ((ws, person), facts) in _persons)
        {
            if (ws == workspace)
            {
                foreach (var name in facts.Computed.Keys.Where(n => !kept.Contains(n)).ToList())
                {
                    facts.Computed.Remove(name);
                    _changed.Add((ws, person));
                }
            }
        }

        book.Definitions = definitions;
        if (rebuilt.Count > 0)
        {
            foreach (var (owner, message) in history())
            {
                ObserveComputed(rebuilt, (workspace, owner), message);
            }
        }

        var reason = $"definitions v{definitions.Version}";
        foreach (var person in graph.PersonsIn(workspace).Select(p => p.Id).ToList())
        {
            Evaluate((workspace, person), at, position, reason);
        }
    }

    /// <summary>Adds identifiers to an imported list tag (or replaces its members) and re-evaluates the persons it touches.</summary>
    public void AddList(FactRecord record, long position)
    {
        var book = Workspace(record.WorkspaceId);
        var members = book.Members(record.Tag!);
        var touched = new HashSet<PersonId>();
        if (record.Replace)
        {
            foreach (var identifier in members)
            {
                if (graph.FindOwner(record.WorkspaceId, identifier) is { } owner)
                {
                    touched.Add(owner);
                }
            }

            members.Clear();
        }

        foreach (var identifier in record.Identifiers)
        {
            members.Add(identifier);
            if (graph.FindOwner(record.WorkspaceId, identifier) is { } owner)
            {
                touched.Add(owner);
            }
        }

        EvaluatePersons(record.WorkspaceId, touched, record.RequestedAt, position, $"list {record.Id}");
    }

    /// <summary>Sets a model tag's values from a model run; with <see cref="FactRecord.Replace"/>, persons the run did not assign lose it.</summary>
    public void AssignModel(FactRecord record, long position)
    {
        var tag = record.Tag!;
        var touched = new HashSet<PersonId>();
        if (record.Replace)
        {
            foreach (var ((ws, person), facts) in _persons)
            {
                if (ws == record.WorkspaceId && facts.ModelTags.Remove(tag))
                {
                    touched.Add(person);
                    _changed.Add((ws, person));
                }
            }
        }

        foreach (var (person, value) in record.Assignments)
        {
            if (graph.State(record.WorkspaceId, person) is null)
            {
                continue;
            }

            Facts((record.WorkspaceId, person)).ModelTags[tag] = value;
            _changed.Add((record.WorkspaceId, person));
            touched.Add(person);
        }

        EvaluatePersons(record.WorkspaceId, touched, record.RequestedAt, position, $"model {record.Id}");
    }

    /// <summary>The members of a list tag, for tests and reads.</summary>
    public IReadOnlyCollection<Identity.Identifier> ListMembers(WorkspaceId workspace, string tag) =>
        _workspaces.TryGetValue(workspace, out var book) && book.Lists.TryGetValue(tag, out var members) ? members : [];

    private static string Canonical(ComputedTraitDefinition definition)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ComputedTraitSpec.Write(writer, definition);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
