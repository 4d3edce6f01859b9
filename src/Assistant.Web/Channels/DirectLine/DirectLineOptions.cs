namespace Assistant.Web.Channels.DirectLine;

public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>The development placeholder; the server refuses to start in Production while the secret is this.</summary>
    public const string PlaceholderSecret = "dev-directline-secret-change-me";

    /// <summary>Master key for <c>tokens/generate</c> and server-to-server clients; also the root of token signing.</summary>
    public string Secret { get; set; } = PlaceholderSecret;

    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>How long a WebSocket stream URL stays usable after it was handed out.</summary>
    public int StreamTicketSeconds { get; set; } = 60;

    /// <summary>Extra origins (scheme://host[:port]) allowed to open WebSockets besides the server's own.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
