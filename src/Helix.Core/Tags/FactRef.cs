namespace Helix.Core.Tags;

/// <summary>One fact of a person by name: <c>{"trait": "city"}</c> or <c>{"computed": "spend_365d"}</c>.</summary>
public sealed record FactRef(FactSource Source, string Name);
