using Helix.Core.Collect;
using Helix.Core.Profiles;

namespace Helix.Core.Pipeline;

/// <summary>A message, its log position and the person it belongs to, ready to be written.</summary>
public sealed record StoredEvent(long Position, CollectedMessage Message, PersonId PersonId);
