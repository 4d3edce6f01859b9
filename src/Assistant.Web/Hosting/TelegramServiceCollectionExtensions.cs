using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Hosting;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The Telegram channel: long polling or webhook by <c>Telegram:Mode</c>; off (one log line) without a token.</summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelegramOptions.SectionName);
        services.AddOptions<TelegramOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        var options = section.Get<TelegramOptions>() ?? new TelegramOptions();
        if (!options.Enabled)
        {
            services.AddHostedService<TelegramChannelOffNotice>();
            return services;
        }

        services.AddSingleton<TelegramHttp>();
        services.AddSingleton(sp => sp.GetRequiredService<TelegramHttp>().Bot);
        services.AddSingleton<TelegramBotProfile>();
        services.AddSingleton<IDeepLinkChannel, TelegramDeepLink>();
        services.AddSingleton<TelegramPacing>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<TelegramChatStore>();
        services.AddSingleton<TelegramReplyWriter>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<TelegramUpdateRouter>();

        // Hosted services stop in reverse order: polling stops feeding first, then the router finishes what it queued.
        services.AddHostedService(sp => sp.GetRequiredService<TelegramUpdateRouter>());
        services.AddHostedService<TelegramStartupService>();
        if (!options.IsWebhook)
        {
            services.AddSingleton<TelegramPollingService>();
            services.AddHostedService(sp => sp.GetRequiredService<TelegramPollingService>());
            services.AddHealthChecks().AddCheck<TelegramPollingHealthCheck>("telegram-polling", tags: [HealthServiceCollectionExtensions.ReadyTag]);
        }

        return services;
    }

    /// <summary>The webhook endpoint (webhook mode only); here so that Program.cs needs no channel namespace.</summary>
    public static IEndpointRouteBuilder MapTelegramEndpoints(this IEndpointRouteBuilder app) => TelegramEndpoints.Map(app);
}
