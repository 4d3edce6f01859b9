namespace Assistant.Web.Channels.WebChat;

/// <summary>
/// Sites allowed to embed the chat page in a frame and to ask for tokens from their own scripts. Empty (the default): the
/// page is framed by nobody and the token endpoint answers no other origin.
/// </summary>
public sealed class EmbedOptions
{
    public const string SectionName = "Embed";

    /// <summary>Origins such as <c>https://www.sofia.bg</c>: scheme, host and port only, no path, no wildcard.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Whether every entry is an origin (http or https, a host, no path, query or wildcard).</summary>
    public static bool AreValid(IEnumerable<string> origins) => origins.All(IsOrigin);

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !value.Contains('*', StringComparison.Ordinal)
        && uri.PathAndQuery == "/" && !value.TrimEnd('/').EndsWith('/') && string.IsNullOrEmpty(uri.Fragment)
        && value.TrimEnd('/').Length == uri.GetLeftPart(UriPartial.Authority).Length;

    /// <summary>The origins as browsers send them in <c>Origin</c>: no trailing slash, lower-case scheme and host.</summary>
    public IReadOnlyList<string> Normalized() =>
        AllowedOrigins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority).ToLowerInvariant()).Distinct().ToList();
}
