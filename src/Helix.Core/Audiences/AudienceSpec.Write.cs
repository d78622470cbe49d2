using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>Writing the canonical JSON: fields in a fixed order, a did's measure always spelt out, defaults of the rest left out.</summary>
public static partial class AudienceSpec
{
    private static readonly JsonWriterOptions ReadableJson = new()
    {
        // Keeps 上海 as it is instead of \u4E0A\u6D77; the output is JSON for an API, never embedded in HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical JSON text of <paramref name="condition"/>, on one line, with non-ASCII text left readable.</summary>
    public static string ToJson(Condition condition)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ReadableJson))
        {
            Write(writer, condition);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <exception cref="ArgumentOutOfRangeException">A condition type the language does not have, or an empty all/any.</exception>
    public static void Write(Utf8JsonWriter writer, Condition condition)
    {
        switch (condition)
        {
            case AllCondition { Conditions.Count: 1 } all:
                Write(writer, all.Conditions[0]);
                return;
            case AnyCondition { Conditions.Count: 1 } any:
                Write(writer, any.Conditions[0]);
                return;
            case AllCondition or AnyCondition or NotCondition:
                WriteCombination(writer, condition);
                return;
            case FactCondition or TagReferenceCondition:
                TagSpec.WriteCondition(writer, condition);
                return;
        }

        writer.WriteStartObject();
        switch (condition)
        {
            case EventCondition did:
                writer.WriteStartObject("did");
                WriteFilter(writer, did.Filter);
                writer.WriteString("function", WireNames.Of(did.Function));
                if (did.Of is { } of)
                {
                    writer.WriteString("of", of.Text);
                }

                writer.WriteString("op", WireNames.Of(did.Op));
                writer.WriteNumber("value", did.Threshold);
                WriteWindow(writer, did.Window);
                writer.WriteEndObject();
                break;
            case SequenceCondition sequence:
                writer.WriteStartObject("sequence");
                writer.WriteStartArray("steps");
                for (var i = 0; i < sequence.Steps.Count; i++)
                {
                    writer.WriteStartObject();
                    WriteFilter(writer, sequence.Steps[i]);
                    WriteWindow(writer, i == 0 ? sequence.Window : null);
                    if (sequence.LastAbsent && i == sequence.Steps.Count - 1)
                    {
                        writer.WriteBoolean("absent", true);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (sequence.Within is { } within)
                {
                    writer.WriteString("within", ComputedTraitSpec.FormatWindow(within));
                }

                writer.WriteEndObject();
                break;
            case SegmentReferenceCondition segment:
                writer.WriteString("segment", segment.Segment);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition, "not an audience condition");
        }

        writer.WriteEndObject();
    }

    private static void WriteCombination(Utf8JsonWriter writer, Condition condition)
    {
        writer.WriteStartObject();
        if (condition is NotCondition not)
        {
            writer.WritePropertyName("not");
            Write(writer, not.Condition);
        }
        else
        {
            var (name, conditions) = condition is AllCondition all ? ("all", all.Conditions) : ("any", ((AnyCondition)condition).Conditions);
            if (conditions.Count == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(condition), condition, $"an empty {name} has no meaning");
            }

            writer.WriteStartArray(name);
            foreach (var item in conditions)
            {
                Write(writer, item);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteFilter(Utf8JsonWriter writer, EventFilter filter)
    {
        ComputedTraitSpec.WriteEvents(writer, filter.Events);
        ComputedTraitSpec.WriteWhere(writer, filter.Where);
    }

    private static void WriteWindow(Utf8JsonWriter writer, EventWindow? window)
    {
        switch (window)
        {
            case RelativeWindow relative:
                writer.WriteString("within", ComputedTraitSpec.FormatWindow(relative.Length));
                break;
            case DateWindow { To: { } to } range:
                writer.WriteStartArray("between");
                writer.WriteStringValue(DateWindow.FormatDay(range.From));
                writer.WriteStringValue(DateWindow.FormatDay(to));
                writer.WriteEndArray();
                break;
            case DateWindow since:
                writer.WriteString("since", DateWindow.FormatDay(since.From));
                break;
        }
    }
}
