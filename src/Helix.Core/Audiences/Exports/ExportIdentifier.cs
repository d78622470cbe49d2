namespace Helix.Core.Audiences.Exports;

/// <summary>One identifier value of a person, as stored; a person with two phones gives two.</summary>
public readonly record struct ExportIdentifier(string PersonId, string? Value);
