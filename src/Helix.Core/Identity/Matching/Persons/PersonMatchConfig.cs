namespace Helix.Core.Identity.Matching.Persons;

/// <summary>A validated person-matching configuration; <see cref="Default"/> suits a Chinese retail brand's member traits.</summary>
public sealed record PersonMatchConfig(
    IReadOnlyList<MatchField> Fields, IReadOnlyList<PersonBlockingRule> Blocking, MatchThresholds Thresholds, int MaxBlockSize)
{
    /// <summary>
    /// name (Chinese names), birthday, phone (fragments: a typo at the till), email, city, gender. Blocking:
    /// same birthday; same name; same phone tail and name initial; same email. Review from 5 bits, merge from
    /// 10 — the thresholds measured on the FEBRL sets (docs/identity.md).
    /// </summary>
    public static PersonMatchConfig Default { get; } = new(
        [
            new("name", ComparatorKind.ChineseName),
            new("birthday", ComparatorKind.Date),
            new("phone", ComparatorKind.Phone),
            new("email", ComparatorKind.JaroWinkler),
            new("city", ComparatorKind.Exact),
            new("gender", ComparatorKind.Exact),
        ],
        [
            new("birthday", [new(1, null, null, false)], false),
            new("name", [new(0, null, null, false)], false),
            new("phone_tail+name_initial", [new(2, null, 4, false), new(0, 1, null, false)], false),
            new("email", [new(3, null, null, false)], false),
        ],
        new MatchThresholds(review: 5.0, autoMerge: 10.0),
        Matching.Blocking.DefaultMaxBlockSize);
}
