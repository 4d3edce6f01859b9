using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Assistant.Web.Admin.Rendering;

/// <summary>
/// Markup that is safe to write into a page. The only ways to make one are <see cref="HtmlTemplate"/> (an interpolated
/// string whose literal parts are this program's markup and whose holes are encoded unless they are <see cref="Html"/>
/// themselves) and <see cref="Text"/>, which encodes. So a stored answer can never become markup by accident.
/// </summary>
public readonly struct Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty => default;

    public string Value => _value ?? "";

    public bool IsEmpty => string.IsNullOrEmpty(_value);

    /// <summary>Writes the markup of an interpolated string; every hole is encoded unless it is already <see cref="Html"/>.</summary>
    public static Html Of(ref HtmlTemplate template) => template.ToHtml();

    /// <summary>Text shown as text.</summary>
    public static Html Text(string? text) => new(Encode(text));

    /// <summary>
    /// Text somebody outside the team wrote (answers, questions): encoded, wrapped in <c>&lt;bdi&gt;</c> so right-to-left
    /// text cannot reorder the page around it, and cut after <paramref name="maxChars"/> characters with a note.
    /// </summary>
    public static Html User(string? text, int maxChars = 2000)
    {
        text ??= "";
        var shown = text.Length > maxChars ? text[..maxChars] : text;
        var rest = text.Length - shown.Length;
        var markup = "<bdi class=\"user\">" + Encode(shown) + "</bdi>";
        if (rest > 0)
        {
            markup += "<span class=\"muted\"> … (+" + rest.ToString(CultureInfo.InvariantCulture) + ")</span>";
        }

        return new Html(markup);
    }

    public static Html Join(IEnumerable<Html> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(part.Value);
        }

        return new Html(builder.ToString());
    }

    public static Html operator +(Html left, Html right) => new(left.Value + right.Value);

    public override string ToString() => Value;

    internal static Html Trusted(string markup) => new(markup);

    internal static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);
}

/// <summary>The interpolated-string handler behind <see cref="Html.Of"/>.</summary>
[System.Runtime.CompilerServices.InterpolatedStringHandler]
public ref struct HtmlTemplate
{
    private readonly StringBuilder _builder;

    public HtmlTemplate(int literalLength, int formattedCount) =>
        _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string value) => _builder.Append(value);

    public readonly void AppendFormatted(string? value) => _builder.Append(Html.Encode(value));

    public readonly void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Html html:
                _builder.Append(html.Value);
                break;
            case IEnumerable<Html> many:
                foreach (var part in many)
                {
                    _builder.Append(part.Value);
                }

                break;
            case IFormattable formattable:
                _builder.Append(Html.Encode(formattable.ToString(null, CultureInfo.InvariantCulture)));
                break;
            default:
                _builder.Append(Html.Encode(value?.ToString()));
                break;
        }
    }

    public readonly void AppendFormatted<T>(T value, string? format) where T : IFormattable =>
        _builder.Append(Html.Encode(value.ToString(format, CultureInfo.InvariantCulture)));

    public readonly Html ToHtml() => Html.Trusted(_builder.ToString());
}
