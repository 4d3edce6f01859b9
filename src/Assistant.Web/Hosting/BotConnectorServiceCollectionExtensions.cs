using Assistant.Web.Channels.BotConnector;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace Assistant.Web.Hosting;

public static class BotConnectorServiceCollectionExtensions
{
    /// <summary>The Bot Framework channel (<c>/api/messages</c>): options, token checks, outbound client and turn runner.</summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>().Bind(configuration.GetSection(BotFrameworkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();

        // Redirects are not followed: a reply (and its token) goes to the validated serviceUrl or nowhere. The resilience
        // handler bounds the whole send (retries and waits included); the token goes on inside it, on every attempt.
        services.AddTransient<BotConnectorAuthHandler>();
        var replies = services.AddHttpClient(BotConnectorClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        replies.AddResilienceHandler("bot-connector-replies", BotConnectorResilience.Configure);
        replies.AddHttpMessageHandler<BotConnectorAuthHandler>();
        services.AddHttpClient(BotConnectorTokens.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        services.AddSingleton<IConfigurationManager<BotConnectorMetadata>>(sp => new ConfigurationManager<BotConnectorMetadata>(
            sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.OpenIdMetadataUrl,
            new BotConnectorMetadataRetriever(),
            new BotConnectorDocumentRetriever(sp.GetRequiredService<IHttpClientFactory>())));
        services.AddSingleton<BotConnectorAuthenticator>();
        services.AddSingleton<BotConnectorTokens>();
        services.AddSingleton<BotConnectorClient>();
        services.AddSingleton<BotConnectorTurnRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BotConnectorTurnRunner>());
        return services;
    }
}

public static class BotConnectorEndpointRouteBuilderExtensions
{
    /// <summary><c>POST /api/messages</c>, unless the Bot Connector is off (<see cref="BotFrameworkOptions.IsEnabled"/>).</summary>
    public static IEndpointRouteBuilder MapBotConnectorEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        if (!options.IsEnabled(app.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotConnectorEndpoints))
                .LogInformation("Bot Connector off: no BotFramework:AppId (or BotFramework:Enabled=false), /api/messages is not served");
            return app;
        }

        return BotConnectorEndpoints.Map(app);
    }
}
