using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Hosting;

public static class DirectLineServiceCollectionExtensions
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Secret) && o.Secret.Length >= 16, "DirectLine:Secret must have at least 16 characters.")
            .Validate(o => o.TokenLifetimeSeconds >= 960, "DirectLine:TokenLifetimeSeconds must be at least 960 (the client refreshes every 15 minutes).")
            .ValidateOnStart();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<StreamHub>();
        services.AddSingleton<StreamConnection>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineTurnRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectLineTurnRunner>());
        return services;
    }
}
