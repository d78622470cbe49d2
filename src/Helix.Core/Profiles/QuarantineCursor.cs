using System.Globalization;

namespace Helix.Core.Profiles;

/// <summary>
/// Where a page of the quarantine list ends. The list runs newest quarantine first, by the log
/// position that tripped it; the person id breaks ties (one message can quarantine two persons).
/// </summary>
public readonly record struct QuarantineCursor(long Position, PersonId Person)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Position}.{Person.Value}");

    public static bool TryParse(string? text, out QuarantineCursor cursor)
    {
        cursor = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 1 || dot == text!.Length - 1
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return false;
        }

        cursor = new QuarantineCursor(position, new PersonId(text[(dot + 1)..]));
        return true;
    }
}
