using Assistant.Core.Conversation;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Surveys;
using Assistant.Core.Turns;
using Assistant.Web.Content;

namespace Assistant.Web.Hosting;

public static class AssistantServiceCollectionExtensions
{
    /// <summary>The assistant (<see cref="AssistantCoreServices.AddAssistantCore"/>) with its content from <c>dialogs/</c>, reloaded on change.</summary>
    public static IServiceCollection AddAssistant(this IServiceCollection services, IConfiguration configuration)
    {
        var dialogsFolder = ContentPaths.ResolveDialogsFolder(configuration);
        // Loaded now so that a broken file stops the start with a message naming file, line and field.
        var texts = TextCatalogLoader.Load(dialogsFolder);
        services.AddSingleton(texts);
        services.AddSingleton<Func<TextCatalog>>(sp => sp.GetRequiredService<TextCatalog>);

        var watch = configuration.GetValue("Content:Watch", true);
        services.AddSingleton(sp => new ReloadingKnowledgeSource(dialogsFolder, watch, sp.GetRequiredService<ILogger<ReloadingKnowledgeSource>>()));
        services.AddSingleton<IKnowledgeSource>(sp => sp.GetRequiredService<ReloadingKnowledgeSource>());
        services.AddSingleton(sp => new ReloadingSurveySource(dialogsFolder, watch, sp.GetRequiredService<ILogger<ReloadingSurveySource>>()));
        services.AddSingleton<ISurveySource>(sp => sp.GetRequiredService<ReloadingSurveySource>());
        // Builds both at start-up, before anything listens: a broken file stops the start with file, line and field.
        services.AddHostedService<ContentWarmupService>();

        services.AddOptions<ParticipantOptions>().BindConfiguration(ParticipantOptions.SectionName);
        return services.AddAssistantCore();
    }
}
