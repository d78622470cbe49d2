using Helix.Core.Collect;

namespace Helix.Engine.Ingestion;

/// <summary>A line of an import file that was not imported, and why.</summary>
public sealed record ImportRejection(long Line, IReadOnlyList<FieldError> Errors, string Text);
