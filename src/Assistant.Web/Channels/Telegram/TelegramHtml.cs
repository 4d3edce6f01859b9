using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Telegram's HTML parse mode: escaping, and the Markdown subset the texts in <c>dialogs/</c> use — <c>**bold**</c>,
/// <c>*italic*</c>/<c>_italic_</c>, <c>`code`</c>, <c>[text](url)</c>, <c>- </c> bullets, <c>#</c> headings and
/// paragraphs. Everything that is not markup is escaped, so user-supplied text can never become a tag.
/// </summary>
public static partial class TelegramHtml
{
    private static readonly string[] LinkSchemes = ["http", "https", "mailto", "tg"];

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            AppendEscaped(builder, c);
        }

        return builder.ToString();
    }

    /// <summary>Back from HTML to what the reader sees (for the plain-text fallback when Telegram refuses the markup).</summary>
    public static string ToPlainText(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    public static string FromMarkdown(string markdown)
    {
        var builder = new StringBuilder(markdown.Length + 32);
        var pendingBreak = "";
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                pendingBreak = builder.Length > 0 ? "\n\n" : "";
                continue;
            }

            builder.Append(pendingBreak);
            pendingBreak = "\n";
            var content = line.TrimStart();
            var indent = new string(' ', Math.Min(line.Length - content.Length, 8));
            if (content.Length > 2 && content[0] is '-' or '*' or '+' && content[1] == ' ')
            {
                builder.Append(indent).Append("• ");
                AppendInline(builder, content[2..].TrimStart());
            }
            else if (Heading().Match(content) is { Success: true } heading)
            {
                builder.Append("<b>");
                AppendInline(builder, heading.Groups[1].Value);
                builder.Append("</b>");
            }
            else
            {
                builder.Append(indent);
                AppendInline(builder, content);
            }
        }

        return builder.ToString();
    }

    private static void AppendInline(StringBuilder builder, string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (char.IsPunctuation(text[i + 1]) || char.IsSymbol(text[i + 1])))
            {
                AppendEscaped(builder, text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '`' && text.IndexOf('`', i + 1) is var codeEnd && codeEnd > i + 1)
            {
                builder.Append("<code>").Append(Escape(text[(i + 1)..codeEnd])).Append("</code>");
                i = codeEnd + 1;
                continue;
            }

            if (c == '*' && At(text, i + 1) == '*' && text.IndexOf("**", i + 2, StringComparison.Ordinal) is var boldEnd && boldEnd > i + 2)
            {
                builder.Append("<b>");
                AppendInline(builder, text[(i + 2)..boldEnd]);
                builder.Append("</b>");
                i = boldEnd + 2;
                continue;
            }

            if (c is '*' or '_' && ItalicEnd(text, i) is var italicEnd && italicEnd > 0)
            {
                builder.Append("<i>");
                AppendInline(builder, text[(i + 1)..italicEnd]);
                builder.Append("</i>");
                i = italicEnd + 1;
                continue;
            }

            if (c == '[' && TryLink(text, i, out var label, out var url, out var linkEnd))
            {
                if (SafeUrl(url) is { } safe)
                {
                    builder.Append("<a href=\"").Append(Escape(safe).Replace("\"", "&quot;", StringComparison.Ordinal)).Append("\">");
                    AppendInline(builder, label);
                    builder.Append("</a>");
                }
                else
                {
                    AppendInline(builder, label);
                }

                i = linkEnd;
                continue;
            }

            AppendEscaped(builder, c);
            i++;
        }
    }

    /// <summary>The index of the closing marker of an italic span opened at <paramref name="start"/>, or -1.</summary>
    private static int ItalicEnd(string text, int start)
    {
        var marker = text[start];
        if (start + 1 >= text.Length || char.IsWhiteSpace(text[start + 1]) || text[start + 1] == marker)
        {
            return -1;
        }

        // snake_case words and 2*3*4 stay as they are: the markers must not sit inside a word.
        if (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            return -1;
        }

        for (var j = start + 2; j < text.Length; j++)
        {
            if (text[j] == marker && !char.IsWhiteSpace(text[j - 1]) && (j + 1 >= text.Length || !char.IsLetterOrDigit(text[j + 1]))
                && At(text, j + 1) != marker)
            {
                return j;
            }
        }

        return -1;
    }

    private static bool TryLink(string text, int start, out string label, out string url, out int end)
    {
        label = url = "";
        end = start;
        var depth = 0;
        var close = -1;
        for (var j = start; j < text.Length; j++)
        {
            if (text[j] == '[')
            {
                depth++;
            }
            else if (text[j] == ']' && --depth == 0)
            {
                close = j;
                break;
            }
        }

        if (close < 0 || At(text, close + 1) != '(')
        {
            return false;
        }

        var parens = 0;
        for (var j = close + 1; j < text.Length; j++)
        {
            if (text[j] == '(')
            {
                parens++;
            }
            else if (text[j] == ')' && --parens == 0)
            {
                label = text[(start + 1)..close];
                url = text[(close + 2)..j].Trim();
                end = j + 1;
                return label.Length > 0 && url.Length > 0;
            }
        }

        return false;
    }

    private static string? SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && LinkSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            ? uri.AbsoluteUri
            : null;

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '&':
                builder.Append("&amp;");
                break;
            case '<':
                builder.Append("&lt;");
                break;
            case '>':
                builder.Append("&gt;");
                break;
            default:
                builder.Append(c);
                break;
        }
    }

    [GeneratedRegex("^#{1,6}\\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
