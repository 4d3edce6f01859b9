using System.IO.Compression;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.WebChat;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Hosting;

/// <summary>
/// The chat page: the participant cookie, the sites allowed to embed it (<see cref="EmbedOptions"/>, applied to CORS on the
/// token endpoint and, in <see cref="SecurityHeaders"/>, to <c>frame-ancestors</c>), Brotli/gzip for its scripts and styles,
/// versioned links cached for a year, and the privacy notice page.
/// </summary>
public static class WebChatServiceCollectionExtensions
{
    /// <summary>Compressed: the static text files only. JSON answers (tokens) are left alone, so no secret is compressed.</summary>
    private static readonly string[] CompressedTypes =
        ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml", "text/plain"];

    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbedOptions>().BindConfiguration(EmbedOptions.SectionName)
            .Validate(o => EmbedOptions.AreValid(o.AllowedOrigins),
                "Embed:AllowedOrigins must list origins only, such as https://www.sofia.bg (no path, no wildcard).")
            .ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<WebParticipantCookie>();
        services.AddSingleton(new WebChatPage(Path.Combine(AppContext.BaseDirectory, "wwwroot")));
        services.AddSingleton<PrivacyNoticePage>();

        var origins = (configuration.GetSection(EmbedOptions.SectionName).Get<EmbedOptions>() ?? new EmbedOptions());
        services.AddCors(cors => cors.AddPolicy(ChatTokenEndpoints.CorsPolicy, policy =>
        {
            var allowed = EmbedOptions.AreValid(origins.AllowedOrigins) ? origins.Normalized().ToArray() : [];
            policy.WithOrigins(allowed).WithMethods("POST").WithHeaders("Content-Type");
        }));

        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.MimeTypes = CompressedTypes;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compression, CORS, the page with versioned links and the static files behind it.</summary>
    public static WebApplication UseWebChat(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseCors();
        var page = app.Services.GetRequiredService<WebChatPage>();
        app.MapGet("/", (HttpContext context) => page.Serve(context, "index.html"));
        app.MapGet("/index.html", (HttpContext context) => page.Serve(context, "index.html"));
        app.MapGet("/privacy", (HttpContext context, PrivacyNoticePage notice, string? lang) => notice.Serve(context, lang));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                WebChatPage.IsVersioned(context.Context.Request) ? WebChatPage.ImmutableCacheControl : WebChatPage.RevalidateCacheControl,
        });
        return app;
    }

    /// <summary>The allowed embedding origins, as <c>frame-ancestors</c> sources.</summary>
    internal static IReadOnlyList<string> EmbeddingOrigins(HttpContext context) =>
        context.RequestServices.GetService<IOptions<EmbedOptions>>()?.Value is { } embed && EmbedOptions.AreValid(embed.AllowedOrigins)
            ? embed.Normalized()
            : [];
}
