using System.Text.Json;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences.Exports;

/// <summary>What an export reads of a segment's members.</summary>
public interface IExportSource
{
    /// <summary>Every member of the segment, in person id order, with traits, identifiers and facts.</summary>
    Task<IReadOnlyList<ExportPerson>> SegmentExportPersonsAsync(WorkspaceId workspace, string segment, CancellationToken cancellationToken = default);
}

/// <summary>One member as an export sees them; <see cref="Facts"/> is null when none are stored.</summary>
public sealed record ExportPerson(
    PersonId Person, IReadOnlyDictionary<string, JsonElement> Traits, IReadOnlyList<Identifier> Identifiers, PersonFactsSnapshot? Facts);
