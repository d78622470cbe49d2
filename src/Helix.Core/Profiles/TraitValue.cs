using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// A trait's value and where it came from: the event time that set it, and the source, message and log
/// position of that event — what a data steward asks when a name looks wrong ("who wrote that?").
/// </summary>
/// <param name="Source">Null for values stored before provenance was kept.</param>
public readonly record struct TraitValue(JsonElement Value, DateTimeOffset UpdatedAt, SourceId? Source = null, string? MessageId = null, long Position = -1);
