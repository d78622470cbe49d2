namespace Helix.Core.Audiences.Exports;

/// <summary>One hashed seed file: which identifier, which digest, and (for phones) which written form.</summary>
public sealed record SeedFileSpec(SeedIdentifierType Type, SeedHash Hash, PhoneStyle PhoneStyle = PhoneStyle.ChinaMobile);
