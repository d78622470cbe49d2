namespace Helix.Core.Identity.Matching.Persons;

/// <summary>A blocking key over the compared traits, defined as data (see <see cref="PersonMatchSpec.BlockingSpec"/>).</summary>
public sealed record PersonBlockingRule(string Name, IReadOnlyList<PersonBlockingRule.KeyPart> Parts, bool AnyOrder)
{
    /// <param name="Field">The position of the trait among the compared fields.</param>
    public sealed record KeyPart(int Field, int? Prefix, int? Suffix, bool SortCharacters)
    {
        public string? Of(MatchRecord record)
        {
            if (record.Values[Field]?.Trim() is not { Length: > 0 } value)
            {
                return null;
            }

            value = value.ToLowerInvariant();
            if (Prefix is { } prefix)
            {
                value = value[..Math.Min(prefix, value.Length)];
            }
            else if (Suffix is { } suffix)
            {
                value = value[Math.Max(0, value.Length - suffix)..];
            }

            return SortCharacters ? new string([.. value.Order()]) : value;
        }
    }

    public BlockingRule ToBlockingRule() => new(Name, Key);

    private string? Key(MatchRecord record)
    {
        var values = new string[Parts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (Parts[i].Of(record) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        if (AnyOrder)
        {
            Array.Sort(values, StringComparer.Ordinal);
        }

        return string.Join('\u001f', values);
    }
}
