using Assistant.Core.Language;

namespace Assistant.Web.Channels.WebChat;

/// <summary>The browser's language among the assistant's: the first of bg and en in <c>Accept-Language</c> by quality, else Bulgarian.</summary>
public static class BrowserLanguage
{
    public static string Preferred(HttpRequest request)
    {
        foreach (var entry in request.GetTypedHeaders().AcceptLanguage.Where(l => l.Quality is null or > 0)
                     .OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = entry.Value.Value ?? "";
            if (tag.StartsWith("bg", StringComparison.OrdinalIgnoreCase))
            {
                return Lang.Bg;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return Lang.En;
            }
        }

        return Lang.Bg;
    }
}
