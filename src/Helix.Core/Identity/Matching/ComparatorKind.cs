namespace Helix.Core.Identity.Matching;

/// <summary>Which comparator turns a field's two values into a <see cref="ComparisonLevel"/>.</summary>
public enum ComparatorKind
{
    /// <summary>Equal or not (<see cref="ExactComparator"/>): codes such as a state or a gender.</summary>
    Exact,

    /// <summary>Jaro–Winkler similarity against the field's thresholds (<see cref="JaroWinkler"/>): Latin names, streets.</summary>
    JaroWinkler,

    /// <summary>Surname and given name compared separately, traditional and simplified alike (<see cref="ChineseNameComparator"/>).</summary>
    ChineseName,

    /// <summary>Dates written as YYYYMMDD (<see cref="DateComparator"/>).</summary>
    Date,

    /// <summary>Digit codes such as postcodes and id numbers (<see cref="NumericComparator"/>).</summary>
    Numeric,

    /// <summary>Phone numbers or fragments of them (<see cref="PhoneComparator"/>).</summary>
    Phone,
}
