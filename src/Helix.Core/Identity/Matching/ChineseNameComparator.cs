using System.Collections.Frozen;

namespace Helix.Core.Identity.Matching;

/// <summary>
/// Chinese personal names written in characters (张伟, 張偉, 欧阳娜娜). The surname and the given name are
/// compared separately, because a different surname is strong evidence of a different person while one
/// changed character in the given name is a common homophone slip (张晓明 / 张小明).
/// </summary>
/// <remarks>
/// Traditional and simplified forms of common characters are folded together (a Hong Kong or Taiwan
/// source writes 陳國華 for 陈国华). The table is small on purpose: it covers frequent surnames and given
/// name characters, not the whole script. Pinyin (Zhang Wei) and mixed scripts are out of scope: such
/// values should go to a Jaro–Winkler field instead. Characters outside the Basic Multilingual Plane
/// are compared as UTF-16 units.
/// </remarks>
public static class ChineseNameComparator
{
    private const int StackLimit = 64;

    private static readonly FrozenSet<string> CompoundSurnames = FrozenSet.Create(
        StringComparer.Ordinal, "欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "尉迟", "公孙", "令狐", "夏侯", "司徒", "长孙", "宇文");

    /// <summary>Traditional → simplified. 周, 王, 李 and many others are written the same in both scripts.</summary>
    private static readonly FrozenDictionary<char, char> Simplified = new Dictionary<char, char>
    {
        ['張'] = '张', ['陳'] = '陈', ['劉'] = '刘', ['黃'] = '黄', ['楊'] = '杨', ['趙'] = '赵', ['吳'] = '吴',
        ['鄭'] = '郑', ['許'] = '许', ['謝'] = '谢', ['韓'] = '韩', ['馮'] = '冯', ['蕭'] = '萧', ['羅'] = '罗',
        ['鄧'] = '邓', ['葉'] = '叶', ['蘇'] = '苏', ['盧'] = '卢', ['蔣'] = '蒋', ['賈'] = '贾', ['錢'] = '钱',
        ['孫'] = '孙', ['馬'] = '马', ['歐'] = '欧', ['陽'] = '阳', ['諸'] = '诸', ['東'] = '东', ['遲'] = '迟',
        ['長'] = '长', ['偉'] = '伟', ['華'] = '华', ['國'] = '国', ['麗'] = '丽', ['軍'] = '军', ['強'] = '强',
        ['龍'] = '龙', ['鳳'] = '凤', ['紅'] = '红', ['蘭'] = '兰', ['雲'] = '云', ['飛'] = '飞', ['傑'] = '杰',
        ['濤'] = '涛', ['鵬'] = '鹏', ['輝'] = '辉', ['靜'] = '静', ['豔'] = '艳', ['艷'] = '艳',
        ['寶'] = '宝', ['慶'] = '庆', ['誠'] = '诚', ['廣'] = '广', ['嬌'] = '娇', ['義'] = '义',
    }.ToFrozenDictionary();

    /// <returns>
    /// Exact for the same surname and given name; Close for the same surname and a given name of the same
    /// length (at least two characters) with one character different; Partial for the same surname and
    /// given names sharing a character, or the same given name (at least two characters) under another
    /// surname; else Disagree. Missing when either side is empty.
    /// </returns>
    public static ComparisonLevel Compare(string? left, string? right)
    {
        if (string.IsNullOrWhiteSpace(left) || string.IsNullOrWhiteSpace(right))
        {
            return ComparisonLevel.Missing;
        }

        Span<char> a = left.Length <= StackLimit ? stackalloc char[left.Length] : new char[left.Length];
        Span<char> b = right.Length <= StackLimit ? stackalloc char[right.Length] : new char[right.Length];
        a = Fold(left, a);
        b = Fold(right, b);
        var leftSurname = SurnameLength(a);
        var rightSurname = SurnameLength(b);
        return Level(a[..leftSurname], a[leftSurname..], b[..rightSurname], b[rightSurname..]);
    }

    /// <summary>The surname and given name of <paramref name="name"/>, folded to simplified characters, without spaces.</summary>
    public static (string Surname, string GivenName) Split(string name)
    {
        var folded = Fold(name, new char[name.Length]);
        var surname = SurnameLength(folded);
        return (new string(folded[..surname]), new string(folded[surname..]));
    }

    private static ComparisonLevel Level(ReadOnlySpan<char> leftSurname, ReadOnlySpan<char> leftGiven, ReadOnlySpan<char> rightSurname, ReadOnlySpan<char> rightGiven)
    {
        var sameSurname = leftSurname.SequenceEqual(rightSurname);
        var sameGiven = leftGiven.SequenceEqual(rightGiven);
        if (sameSurname)
        {
            return sameGiven ? ComparisonLevel.Exact
                : leftGiven.Length >= 2 && SingleEdit.IsSubstitution(leftGiven, rightGiven) ? ComparisonLevel.Close
                : SharesCharacter(leftGiven, rightGiven) ? ComparisonLevel.Partial
                : ComparisonLevel.Disagree;
        }

        return sameGiven && leftGiven.Length >= 2 ? ComparisonLevel.Partial : ComparisonLevel.Disagree;
    }

    private static bool SharesCharacter(ReadOnlySpan<char> left, ReadOnlySpan<char> right) =>
        !right.IsEmpty && left.IndexOfAny(right) >= 0;

    /// <summary>
    /// How many UTF-16 units at the start of <paramref name="name"/> (written without spaces, in either script)
    /// are the surname: two when it starts with a known compound surname (欧阳, 歐陽) and has a given name after
    /// it, else one; zero for an empty name. Masking keeps this many characters of a name.
    /// </summary>
    public static int SurnameLength(ReadOnlySpan<char> name)
    {
        if (name.Length < 3)
        {
            return Math.Min(1, name.Length);
        }

        Span<char> head = [Simplify(name[0]), Simplify(name[1])];
        return CompoundSurnames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(head) ? 2 : 1;
    }

    private static char Simplify(char c) => Simplified.TryGetValue(c, out var simplified) ? simplified : c;

    /// <summary>Copies <paramref name="name"/> into <paramref name="buffer"/> in simplified characters, without white space or a middle dot.</summary>
    private static Span<char> Fold(string name, Span<char> buffer)
    {
        var count = 0;
        foreach (var c in name)
        {
            if (!char.IsWhiteSpace(c) && c is not ('·' or '•'))
            {
                buffer[count++] = Simplify(c);
            }
        }

        return buffer[..count];
    }
}
