using System.Net;
using System.Text;
using Assistant.Core.Language;
using Assistant.Web.Hosting;

namespace Assistant.Web.Channels.WebChat;

/// <summary>
/// <c>/privacy</c>: the privacy notice from <c>dialogs/privacy.bg.md</c> and <c>dialogs/privacy.en.md</c>, in the language
/// of <c>?lang=</c>, else of <c>Accept-Language</c>, else Bulgarian. The files use a small part of Markdown: <c>#</c> and
/// <c>##</c> headings, <c>-</c> list items and paragraphs; everything is HTML-encoded.
/// </summary>
public sealed class PrivacyNoticePage(IConfiguration configuration, WebChatPage page)
{
    private readonly Lazy<string> _folder = new(() => ContentPaths.ResolveDialogsFolder(configuration));

    public IResult Serve(HttpContext context, string? lang)
    {
        var language = lang is Lang.Bg or Lang.En ? lang : BrowserLanguage.Preferred(context.Request);
        var file = Path.Combine(_folder.Value, $"privacy.{language}.md");
        if (!File.Exists(file))
        {
            return Results.NotFound();
        }

        var (title, body) = ToHtml(File.ReadAllLines(file));
        var other = language == Lang.Bg ? Lang.En : Lang.Bg;
        var html = page.Render("privacy.html")
            .Replace("{lang}", language, StringComparison.Ordinal)
            .Replace("{title}", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("{body}", body, StringComparison.Ordinal)
            .Replace("{other-lang}", other, StringComparison.Ordinal)
            .Replace("{other-label}", other == Lang.En ? "English" : "Български", StringComparison.Ordinal)
            .Replace("{back}", language == Lang.Bg ? "Към чата" : "Back to the chat", StringComparison.Ordinal);
        context.Response.Headers.CacheControl = WebChatPage.RevalidateCacheControl;
        context.Response.Headers.ContentLanguage = language;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static (string Title, string Html) ToHtml(IEnumerable<string> lines)
    {
        var title = "";
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var inList = false;

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(string.Join(' ', paragraph))).Append("</p>\n");
                paragraph.Clear();
            }

            if (inList)
            {
                html.Append("</ul>\n");
                inList = false;
            }
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                title = line[2..].Trim();
                html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                html.Append("<h2>").Append(WebUtility.HtmlEncode(line[3..].Trim())).Append("</h2>\n");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (paragraph.Count > 0 || !inList)
                {
                    Flush();
                    html.Append("<ul>\n");
                    inList = true;
                }

                html.Append("<li>").Append(WebUtility.HtmlEncode(line[2..].Trim())).Append("</li>\n");
            }
            else if (line.Length == 0)
            {
                Flush();
            }
            else
            {
                if (inList)
                {
                    Flush();
                }

                paragraph.Add(line);
            }
        }

        Flush();
        return (title, html.ToString());
    }
}
