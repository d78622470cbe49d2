using System.Text.Encodings.Web;
using Fluid;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// A message text in Liquid (<c>Hello {{ traits.first_name }}</c>), rendered for one person by Fluid. A missing field
/// renders empty. Values are encoded for where the text goes: HTML-encoded in an e-mail's HTML body, as they are in plain
/// text (an SMS, a WeChat data field), and never pasted into JSON text: JSON bodies are written by serializing the
/// rendered strings (<see cref="JsonTemplate"/>).
/// </summary>
public sealed class MessageTemplate
{
    /// <summary>Longest template accepted; messages are short, and this bounds parsing.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly FluidParser Parser = new();

    // A template is written by a workspace's user: bound its loops and recursion so it cannot stall a dispatcher.
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 20 };

    private readonly IFluidTemplate _template;

    private MessageTemplate(IFluidTemplate template) => _template = template;

    /// <summary>Null when <paramref name="template"/> parses; else why it does not (for a 400 when a journey or connection is saved).</summary>
    public static string? Check(string template) => TryParse(template, out _, out var error) ? null : error;

    public static bool TryParse(string text, out MessageTemplate template, out string error)
    {
        template = null!;
        if (text.Length > MaxLength)
        {
            error = $"is longer than {MaxLength} characters";
            return false;
        }

        if (!Parser.TryParse(text, out var parsed, out var parseError))
        {
            error = $"is not a valid Liquid template: {parseError}";
            return false;
        }

        template = new MessageTemplate(parsed);
        error = "";
        return true;
    }

    /// <exception cref="TemplateException">The text does not parse.</exception>
    public static MessageTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new TemplateException($"The template {error}.");

    /// <summary>Parses and renders in one step, for templates that are rendered once.</summary>
    /// <exception cref="TemplateException">The text does not parse, or rendering exceeded the step limit.</exception>
    public static string Render(string text, TemplateModel model, bool html = false) => Parse(text).Render(model, html);

    /// <param name="html">Encode every value for HTML (an e-mail body); otherwise values are written as they are.</param>
    /// <exception cref="TemplateException">Rendering exceeded the step or recursion limit.</exception>
    public string Render(TemplateModel model, bool html = false)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in model.Values)
        {
            context.SetValue(name, value);
        }

        try
        {
            return _template.Render(context, html ? HtmlEncoder.Default : NullEncoder.Default);
        }
        catch (InvalidOperationException e)
        {
            // Fluid reports an exceeded MaxSteps or MaxRecursion this way.
            throw new TemplateException($"The template could not be rendered: {e.Message}", e);
        }
    }
}
