using Assistant.Web.Privacy;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Hosting;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>The retention job that purges old conversation texts.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.ConversationDays >= 1, "Retention:ConversationDays must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton(sp => new RetentionService(sp.GetRequiredService<IPrivacyStore>(), sp.GetRequiredService<ISurveySource>(),
            sp.GetRequiredService<IOptions<RetentionOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RetentionService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return services;
    }
}
