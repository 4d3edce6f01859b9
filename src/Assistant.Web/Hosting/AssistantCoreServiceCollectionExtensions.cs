using Assistant.Core.Content;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Core.Turns;
using Assistant.Web.Content;
using Assistant.Web.Knowledge;

namespace Assistant.Web.Hosting;

public static class AssistantCoreServiceCollectionExtensions
{
    /// <summary>The channel-neutral assistant: content from <c>dialogs/</c>, dialogs, global commands and the turn pipeline.</summary>
    public static IServiceCollection AddAssistantCore(this IServiceCollection services, IConfiguration configuration)
    {
        var dialogsFolder = ContentPaths.ResolveDialogsFolder(configuration);
        // Loaded now so that a broken file stops the start with a message naming file, line and field.
        var texts = TextCatalogLoader.Load(dialogsFolder);
        services.AddSingleton(texts);
        services.AddSingleton<Func<TextCatalog>>(sp => sp.GetRequiredService<TextCatalog>);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConversationGate>();
        services.AddSingleton(BotIdentity.Default);

        services.AddSingleton<Dialog, ChoicePrompt>(_ => new ChoicePrompt());
        services.AddSingleton<Dialog, TextPrompt>(_ => new TextPrompt());
        services.AddSingleton<Dialog, LanguageDialog>();
        services.AddSingleton<DialogRegistry>();
        services.AddSingleton<RootDialog>();

        var watch = configuration.GetValue("Content:Watch", true);
        services.AddSingleton(sp => new ReloadingKnowledgeSource(dialogsFolder, watch, sp.GetRequiredService<ILogger<ReloadingKnowledgeSource>>()));
        services.AddSingleton<IKnowledgeSource>(sp => sp.GetRequiredService<ReloadingKnowledgeSource>());
        services.AddSingleton<KnowledgeResponder>();
        services.AddSingleton(sp => new ReloadingSurveySource(dialogsFolder, watch, sp.GetRequiredService<ILogger<ReloadingSurveySource>>()));
        services.AddSingleton<ISurveySource>(sp => sp.GetRequiredService<ReloadingSurveySource>());
        // Builds both at start-up, before anything listens: a broken file stops the start with file, line and field.
        services.AddHostedService<ContentWarmupService>();

        var participantSecret = configuration[$"{ParticipantOptions.SectionName}:KeySecret"] is { Length: > 0 } secret
            ? secret
            : ParticipantKeys.PlaceholderSecret;
        services.AddSingleton(new ParticipantKeys(participantSecret));
        services.AddSingleton<Dialog, SurveyDialog>();
        services.AddSingleton<Dialog, ForgetDialog>();

        // Order matters: the first command that matches runs.
        services.AddSingleton<IGlobalCommand, HelpCommand>();
        services.AddSingleton<IGlobalCommand, LanguageCommand>();
        services.AddSingleton<IGlobalCommand, CancelCommand>();
        services.AddSingleton<IGlobalCommand, MyDataCommand>();
        services.AddSingleton<IGlobalCommand, ForgetCommand>();
        services.AddSingleton<IGlobalCommand, SurveyCommand>();
        services.AddSingleton<IGlobalCommand, RestartCommand>();
        services.AddSingleton<IGlobalCommand, MenuCommand>();

        services.AddSingleton<TurnProcessor>();
        return services;
    }
}
