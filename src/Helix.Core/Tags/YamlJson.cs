using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Helix.Core.Tags;

/// <summary>
/// YAML to the equivalent JSON, so one JSON parser validates both forms. Plain scalars follow the YAML 1.2 core
/// schema (null, true/false, integers, floats); quoted scalars stay texts, so <c>"42"</c> is a text and <c>42</c> a number.
/// Anchors and aliases are refused: an alias may expand exponentially ("billion laughs"), and catalogs do not need them.
/// </summary>
public static partial class YamlJson
{
    private const int MaxDepth = 64;

    /// <summary>The JSON of a single YAML document, or the reason it is not one with its line and column.</summary>
    public static (byte[]? Json, string? Error) Convert(string yaml)
    {
        var buffer = new MemoryStream();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                var parser = new Parser(new StringReader(yaml));
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _))
                {
                    return (null, "is empty: a catalog has categories and tags");
                }

                parser.Consume<DocumentStart>();
                WriteNode(parser, writer, 0);
                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var next))
                {
                    throw new YamlException(next.Start, next.End, "holds more than one document");
                }
            }

            return (buffer.ToArray(), null);
        }
        catch (YamlException e)
        {
            return (null, $"is not YAML: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"nests deeper than {MaxDepth} levels");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(writer, scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            writer.WriteStartArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                WriteNode(parser, writer, depth + 1);
            }

            writer.WriteEndArray();
        }
        else if (parser.TryConsume<MappingStart>(out _))
        {
            writer.WriteStartObject();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw new YamlException(parser.Current!.Start, parser.Current.End, "a key is a plain text, not a list or a mapping");
                }

                if (!keys.Add(key.Value))
                {
                    throw new YamlException(key.Start, key.End, $"the key '{key.Value}' appears twice");
                }

                writer.WritePropertyName(key.Value);
                WriteNode(parser, writer, depth + 1);
            }

            writer.WriteEndObject();
        }
        else
        {
            var current = parser.Current!;
            throw new YamlException(current.Start, current.End, current is AnchorAlias ? "aliases (*name) are not supported" : "is not a value");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
