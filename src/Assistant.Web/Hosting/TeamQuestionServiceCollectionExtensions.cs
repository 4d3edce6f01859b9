using Assistant.Core.TeamQuestions;
using Assistant.Web.Privacy;
using Assistant.Web.TeamQuestions;

namespace Assistant.Web.Hosting;

public static class TeamQuestionServiceCollectionExtensions
{
    /// <summary>"Ask the team": what citizens are told (<c>TeamQuestions:*</c>, the keeping time from retention) and the delivery of replies.</summary>
    public static IServiceCollection AddTeamQuestions(this IServiceCollection services)
    {
        services.AddOptions<TeamQuestionOptions>().BindConfiguration(TeamQuestionOptions.SectionName)
            .Validate(o => o.ReplyWorkingDays is >= 1 and <= 60, "TeamQuestions:ReplyWorkingDays must be between 1 and 60.")
            .ValidateOnStart();
        services.AddOptions<TeamQuestionOptions>().Configure<Microsoft.Extensions.Options.IOptions<RetentionOptions>>(
            (team, retention) => team.KeepDays = retention.Value.ConversationDays);
        services.AddSingleton<WakeSignal<TeamReplyDelivery>>();
        services.AddSingleton<TeamReplyDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamReplyDelivery>());
        return services;
    }
}
