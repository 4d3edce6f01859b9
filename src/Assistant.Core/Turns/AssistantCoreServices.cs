using System.Diagnostics.Metrics;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Knowledge;
using Assistant.Core.Privacy;
using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Assistant.Core.Surveys.Publications;
using Assistant.Core.TeamQuestions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Turns;

/// <summary>Core registers itself: the server and the tests build the assistant from this one list.</summary>
public static class AssistantCoreServices
{
    /// <summary>
    /// The channel-neutral assistant: dialogs, global commands (in the order they are tried) and the turn pipeline.
    /// The host adds what Core only names: the texts (<c>Func&lt;TextCatalog&gt;</c>), <see cref="IKnowledgeSource"/>,
    /// <see cref="ISurveySource"/>, the stores (<see cref="IInvitationStore"/>, <see cref="ITeamQuestionStore"/> and <see cref="ISurveyPublicationStore"/> among them), logging and the <see cref="ParticipantOptions"/>.
    /// </summary>
    public static IServiceCollection AddAssistantCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(BotIdentity.Default);
        // The host's meter factory when there is one (ASP.NET Core registers it), so each host has its own meter.
        services.TryAddSingleton(sp => new AssistantMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton<ConversationGate>();
        services.AddOptions<ParticipantOptions>();
        services.AddSingleton(sp => new ParticipantKeys(sp.GetRequiredService<IOptions<ParticipantOptions>>().Value.KeySecret));
        services.AddSingleton(sp => new InvitationCodes(sp.GetRequiredService<IOptions<ParticipantOptions>>().Value.KeySecret));
        services.AddSingleton<SurveyDeepLinks>();

        services.AddSingleton<Dialog, ChoicePrompt>(_ => new ChoicePrompt());
        services.AddSingleton<Dialog, TextPrompt>(_ => new TextPrompt());
        services.AddSingleton<Dialog, LanguageDialog>();
        services.AddSingleton<Dialog, SurveyDialog>();
        services.AddSingleton<Dialog, ForgetDialog>();
        services.AddSingleton<Dialog, AskTeamDialog>();
        services.AddOptions<TeamQuestionOptions>();
        services.AddSingleton<DialogRegistry>();
        services.AddSingleton<KnowledgeResponder>();
        services.AddSingleton<RootDialog>();

        // Order matters: the first command that matches runs. Commands registered before this call are tried first.
        services.AddSingleton<IGlobalCommand, HelpCommand>();
        services.AddSingleton<IGlobalCommand, LanguageCommand>();
        services.AddSingleton<IGlobalCommand, SubscriptionCommand>();
        services.AddSingleton<IGlobalCommand, CancelCommand>();
        services.AddSingleton<IGlobalCommand, MyDataCommand>();
        services.AddSingleton<IGlobalCommand, ForgetCommand>();
        services.AddSingleton<IGlobalCommand, AskTeamCommand>();
        services.AddSingleton<IGlobalCommand, TeamFollowUpCommand>();
        services.AddSingleton<IGlobalCommand, ResultsCommand>();
        services.AddSingleton<IGlobalCommand, SurveyCommand>();
        services.AddSingleton<IGlobalCommand, RestartCommand>();
        services.AddSingleton<IGlobalCommand, MenuCommand>();

        services.AddSingleton<TurnProcessor>();
        return services;
    }
}
