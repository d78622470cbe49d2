using System.Text.Json;

namespace Helix.Core.Tags;

/// <summary>Writing definitions in the shape the parser reads, optional members left out when unset.</summary>
public static partial class TagSpec
{
    public static void WriteCatalog(Utf8JsonWriter writer, TagCatalog catalog)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("categories");
        foreach (var category in catalog.Categories)
        {
            writer.WriteStartObject();
            writer.WriteString("name", category.Name);
            WriteOptional(writer, "description", category.Description);
            WriteOptional(writer, "owner", category.Owner);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tags");
        foreach (var tag in catalog.Tags)
        {
            WriteTag(writer, tag);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteTag(Utf8JsonWriter writer, TagDefinition tag)
    {
        writer.WriteStartObject();
        writer.WriteString("name", tag.Name);
        writer.WriteString("kind", WireNames.Of(tag.Kind));
        writer.WriteString("category", tag.Category);
        WriteOptional(writer, "description", tag.Description);
        WriteOptional(writer, "owner", tag.Owner);
        WriteOptional(writer, "identifierType", tag.IdentifierType);
        if (tag.When is { } when)
        {
            writer.WritePropertyName("when");
            WriteCondition(writer, when);
        }

        if (tag.Of is { } of)
        {
            writer.WriteStartObject("of");
            WriteFact(writer, of);
            writer.WriteEndObject();
        }

        if (tag.Buckets is { } buckets)
        {
            writer.WriteStartArray("buckets");
            foreach (var bucket in buckets)
            {
                writer.WriteStartObject();
                writer.WriteString("value", bucket.Value);
                writer.WriteNumber("min", bucket.Min);
                if (bucket.Max is { } max)
                {
                    writer.WriteNumber("max", max);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (tag.Model is { } model)
        {
            writer.WriteString("model", WireNames.Of(model));
        }

        writer.WriteEndObject();
    }

    internal static void WriteCondition(Utf8JsonWriter writer, Condition condition)
    {
        writer.WriteStartObject();
        switch (condition)
        {
            case AllCondition all:
                WriteList(writer, "all", all.Conditions);
                break;
            case AnyCondition any:
                WriteList(writer, "any", any.Conditions);
                break;
            case NotCondition not:
                writer.WritePropertyName("not");
                WriteCondition(writer, not.Condition);
                break;
            case FactCondition fact:
                WriteFact(writer, fact.Fact);
                writer.WriteString("op", WireNames.Of(fact.Op));
                if (fact.Value is { } value)
                {
                    writer.WritePropertyName("value");
                    value.WriteTo(writer);
                }

                break;
            case TagReferenceCondition reference:
                writer.WriteString("tag", reference.Tag);
                if (reference.Op is { } op)
                {
                    writer.WriteString("op", WireNames.Of(op));
                    if (op == ConditionOp.In)
                    {
                        writer.WriteStartArray("value");
                        reference.Values.ToList().ForEach(writer.WriteStringValue);
                        writer.WriteEndArray();
                    }
                    else
                    {
                        writer.WriteString("value", reference.Values[0]);
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition, "not a tag condition");
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<Condition> conditions)
    {
        writer.WriteStartArray(name);
        foreach (var condition in conditions)
        {
            WriteCondition(writer, condition);
        }

        writer.WriteEndArray();
    }

    private static void WriteFact(Utf8JsonWriter writer, FactRef fact) =>
        writer.WriteString(fact.Source == FactSource.Trait ? "trait" : "computed", fact.Name);

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
