namespace Helix.Core.Audiences.Exports;

/// <summary>One person pushed to a webhook: identifier values by type (<c>phone</c>, <c>email</c>, <c>oaid</c> …), as stored, unhashed.</summary>
public sealed record WebhookMember(string PersonId, IReadOnlyDictionary<string, IReadOnlyList<string>> Identifiers);
