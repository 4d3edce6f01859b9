using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Assistant.Web.Channels.WebChat;

/// <summary>
/// The chat page's HTML with every local script, style sheet and icon linked by a versioned address
/// (<c>/chat.js?v=…</c>, a hash of the file): the files themselves can then be cached for a year (<see cref="IsVersioned"/>)
/// and a new release is still loaded at once, since the page itself is revalidated on every visit.
/// </summary>
public sealed partial class WebChatPage
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string RevalidateCacheControl = "no-cache";

    private readonly string _webRoot;
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);

    public WebChatPage(string webRoot) => _webRoot = webRoot;

    /// <summary>A request for a file by its versioned address.</summary>
    public static bool IsVersioned(HttpRequest request) => request.Query.ContainsKey("v");

    /// <summary>The HTML file of wwwroot (e.g. <c>index.html</c>) with versioned links, read once.</summary>
    public string Render(string file) => _pages.GetOrAdd(file, f =>
        LocalLink().Replace(File.ReadAllText(Path.Combine(_webRoot, f)), match =>
        {
            var path = match.Groups["path"].Value;
            var full = Path.GetFullPath(Path.Combine(_webRoot, path.TrimStart('/')));
            if (!full.StartsWith(_webRoot, StringComparison.Ordinal) || !File.Exists(full))
            {
                return match.Value;
            }

            using var stream = File.OpenRead(full);
            var version = Convert.ToHexStringLower(SHA256.HashData(stream).AsSpan(0, 6));
            return $"{match.Groups["attr"].Value}=\"{path}?v={version}\"";
        }));

    public IResult Serve(HttpContext context, string file)
    {
        context.Response.Headers.CacheControl = RevalidateCacheControl;
        return Results.Content(Render(file), "text/html; charset=utf-8");
    }

    [GeneratedRegex("(?<attr>src|href)=\"(?<path>/[A-Za-z0-9_./-]+\\.(?:js|css|svg|png|ico))\"")]
    private static partial Regex LocalLink();
}
